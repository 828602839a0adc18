import type { Clock } from '../../platform/clock.js';
import type { Database, Sql } from '../../platform/db/database.js';

/** A clock the simulation moves: every row written while it points at a moment carries that time. */
export class SimulatedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at.getTime());
  }
  set(at: Date | number): void {
    this.at = new Date(at);
  }
}

/**
 * The product's functions each open their own transaction; the simulation runs a whole day of them
 * in one (a few hundred commits instead of tens of thousands keep the first start fast). This
 * database hands every `transaction` the day's transaction, so the rows are exactly what the
 * functions write, and a crash loses the whole day rather than half of it.
 */
export function dayTransaction(tx: Sql, kind: Database['kind']): Database {
  return {
    kind,
    query: (text, params) => tx.query(text, params),
    exec: (text) => tx.exec(text),
    transaction: (fn) => fn(tx),
    close: async () => undefined,
  };
}
