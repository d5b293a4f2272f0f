/**
 * The one error type for bad input. Every reader, the scenario validator and the CLI throw it,
 * so a caller (and the fuzz tests) can tell "the file is wrong" from "our code is wrong".
 * The message always names where the problem is: the file, then the line / cell / JSON path.
 */
export interface InputErrorWhere {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  cell?: [number, number];
  path?: string;
}

export class InputError extends Error {
  readonly where: InputErrorWhere;
  constructor(message: string, where: InputErrorWhere = {}) {
    super(formatWhere(where) + message);
    this.name = 'InputError';
    this.where = where;
  }
}

function formatWhere(w: InputErrorWhere): string {
  const parts: string[] = [];
  if (w.file) parts.push(w.file);
  if (w.line !== undefined) parts.push(`line ${w.line}`);
  if (w.column !== undefined) parts.push(`column ${w.column}`);
  if (w.field) parts.push(`field ${w.field}`);
  if (w.cell) parts.push(`cell (col ${w.cell[0]}, row ${w.cell[1]})`);
  if (w.path) parts.push(`at ${w.path}`);
  return parts.length ? parts.join(', ') + ': ' : '';
}

/** Numerical trouble in a solver (NaN, instability): reported, never painted. */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}
