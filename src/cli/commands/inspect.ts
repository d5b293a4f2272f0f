/**
 * `floodtwin inspect <file> [--json] [--tz +08:00]`: says what a data file holds (kind, CRS,
 * extent, cell size or feature counts, time range, warnings), reading it with the same readers
 * the engine uses, so a file that inspects cleanly also loads.
 */
import { formatReport, inspectFile } from '../../io/inspect.ts';
import { parseCommand } from '../args.ts';
import { readInputFile } from '../inputFiles.ts';

export const summary = 'say what a data file holds (grid, layer, gauge record, OSM, SWMM .inp)';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { json: { type: 'boolean' }, tz: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'inspect <file>... [--json] [--tz +08:00]',
  );
  if (values.help || positionals.length === 0) {
    console.log('usage: floodtwin inspect <file>... [--json] [--tz +08:00 (for gauge times without an offset)]');
    return values.help ? 0 : 2;
  }
  const reports = [];
  for (const file of positionals) {
    // a regular file of at most MAX_INPUT_BYTES: a FIFO would wait for ever, /dev/zero fill the memory
    const data = await readInputFile(file, file);
    const r = await inspectFile(data, file, values.tz !== undefined ? { timeZone: values.tz } : {});
    reports.push(r);
    if (!values.json) console.log(formatReport(r));
  }
  if (values.json) console.log(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  return 0;
}
