// A review item's deadline is a plain duration after it entered its queue: no business
// hours or holidays, so a deadline can be computed and explained in one sentence.

const MINUTE_MS = 60_000;

/** When an item that entered its queue at `enteredAt` is due under an SLA of `slaMinutes`. */
export function dueAt(enteredAt: Date, slaMinutes: number): Date {
  return new Date(enteredAt.getTime() + slaMinutes * MINUTE_MS);
}

/** An item is overdue once its deadline has passed; at the deadline itself it is still on time. */
export function isOverdue(due: Date, now: Date): boolean {
  return now.getTime() > due.getTime();
}
