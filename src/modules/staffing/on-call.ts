// Who is on call for exceptions at a moment. Pure, so the rota can be tested and explained:
// an override covering the moment wins (the latest created, when several do); otherwise the
// rotation names the person whose shift it is — shifts of `shiftHours` follow each other in
// the listed order from `startsAt`, then start over.

export interface Rotation {
  userIds: string[];
  shiftHours: number;
  startsAt: Date;
}

export interface Override {
  id: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

export interface OnCallShift {
  userId: string;
  source: 'override' | 'rotation';
  /** When this person's cover began and ends (the shift, or the override's span). */
  from: Date;
  until: Date;
}

const HOUR_MS = 3_600_000;

export function onCallFrom(rotation: Rotation | null, overrides: Override[], at: Date): OnCallShift | null {
  const t = at.getTime();
  const covering = overrides
    .filter((o) => o.startsAt.getTime() <= t && t < o.endsAt.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (covering) {
    return { userId: covering.userId, source: 'override', from: covering.startsAt, until: covering.endsAt };
  }
  if (!rotation || rotation.userIds.length === 0 || t < rotation.startsAt.getTime()) return null;
  const shiftMs = rotation.shiftHours * HOUR_MS;
  const shift = Math.floor((t - rotation.startsAt.getTime()) / shiftMs);
  const from = rotation.startsAt.getTime() + shift * shiftMs;
  return {
    userId: rotation.userIds[shift % rotation.userIds.length]!,
    source: 'rotation',
    from: new Date(from),
    until: new Date(from + shiftMs),
  };
}

/** The next `count` shifts from `at` on (overrides included), for showing the rota ahead. */
export function upcomingShifts(
  rotation: Rotation | null,
  overrides: Override[],
  at: Date,
  count: number,
): OnCallShift[] {
  const shifts: OnCallShift[] = [];
  let cursor = at;
  for (let i = 0; i < count; i++) {
    const shift = onCallFrom(rotation, overrides, cursor);
    if (!shift) {
      // Nobody now: the next override or the rotation's start may still name someone later.
      const next = [
        ...overrides.map((o) => o.startsAt.getTime()),
        ...(rotation && rotation.userIds.length > 0 ? [rotation.startsAt.getTime()] : []),
      ]
        .filter((s) => s > cursor.getTime())
        .sort((a, b) => a - b)[0];
      if (next === undefined) break;
      cursor = new Date(next);
      i--;
      continue;
    }
    // An override may end inside a rotation shift, and one may begin inside it: cut there.
    const cut = overrides
      .map((o) => o.startsAt.getTime())
      .filter((s) => s > cursor.getTime() && s < shift.until.getTime())
      .sort((a, b) => a - b)[0];
    const until = new Date(cut ?? shift.until.getTime());
    shifts.push({ ...shift, from: new Date(Math.max(shift.from.getTime(), cursor.getTime())), until });
    cursor = until;
  }
  return shifts;
}
