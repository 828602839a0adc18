import type { StaffingPlan as ServerStaffingPlan } from '../../../src/modules/staffing/index.js';

// The shape of GET /api/v1/staffing is the staffing module's own type (a type-only import), as
// JSON delivers it: dates arrive as ISO strings.

type AsJson<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? AsJson<U>[]
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

export type StaffingPlan = AsJson<ServerStaffingPlan>;
export type Named = StaffingPlan['people'][number];
export type WeeklyLoad = StaffingPlan['weeks'][number];
