// The output side that school and section rosters share: each Clever record's id and its flattened
// `clever.*` cells, row-aligned with what the matcher compares.

import { cellText } from './cell-text.ts';

/** One `clever.*` result column and how it is read from a Clever record. */
export interface CleverColumn<R> {
  header: string;
  read: (record: R) => unknown;
}

export class CleverRecordCells<R extends { id: string }> {
  readonly ids: string[] = [];
  /** One array per `clever.*` column. */
  readonly cells: string[][];
  /** Records without an id cannot be written back to the app, so they are counted and left out. */
  skippedWithoutId = 0;

  constructor(private readonly columns: readonly CleverColumn<R>[]) {
    this.cells = columns.map(() => []);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds the record's id and cells; false when it has no id (then it is only counted). */
  protected addCells(record: R): boolean {
    // Roster files are untrusted JSON: the id may be absent or not a string despite the type.
    if (typeof record.id !== 'string' || !record.id) {
      this.skippedWithoutId++;
      return false;
    }
    this.ids.push(record.id);
    this.columns.forEach((column, index) => {
      this.cells[index].push(cellText(column.read(record)));
    });
    return true;
  }

  row(index: number): string[] {
    return this.cells.map((column) => column[index]);
  }
}
