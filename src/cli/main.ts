/**
 * `floodtwin <command> ...`: the headless entry point. Each command lives in
 * `src/cli/commands/<command>.ts` and exports `run(args): Promise<number>` (the exit code) and a
 * one-line `summary`. Bad input ends with a non-zero exit and one line naming the file and place.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, SimulationError } from '../core/errors.ts';

export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

async function loadCommand(name: string): Promise<Command | null> {
  if (!/^[a-z][a-z-]*$/.test(name) || !existsSync(`${commandsDir}${name}.ts`)) return null;
  return (await import(`./commands/${name}.ts`)) as Command;
}

async function usage(): Promise<string> {
  const lines = ['usage: floodtwin <command> [options]', '', 'commands:'];
  for (const f of readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const name = f.slice(0, -3);
    const cmd = await loadCommand(name);
    if (cmd) lines.push(`  ${name.padEnd(12)}${cmd.summary}`);
  }
  return lines.join('\n');
}

/** a message without control characters (a file's escape sequences must not drive the terminal), at most 2000 characters */
export function printable(msg: string): string {
  const clean = msg.replace(/(?![\t\n])\p{Cc}/gu, '');
  return clean.length > 2000 ? `${clean.slice(0, 2000)}…` : clean;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    console.error(`floodtwin: unknown command "${name}"\n${await usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof InputError || e instanceof SimulationError) {
      console.error(`floodtwin ${name}: ${printable(e.message)}`);
      return e instanceof InputError ? 2 : 3;
    }
    throw e;
  }
}
