// The shape of GET /api/v1/staffing (dates as ISO strings, as JSON carries them).

export interface Named {
  id: string;
  name: string;
}

export interface Shift {
  userId: string;
  source: 'override' | 'rotation';
  from: string;
  until: string;
}

export interface Override {
  id: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  createdAt: string;
}

export interface Rotation {
  userIds: string[];
  shiftHours: number;
  startsAt: string;
}

export interface WeeklyLoad {
  week: string;
  reviewItems: number;
  loadMinutes: number;
  capacityMinutes: number;
  partial: boolean;
}

export interface StaffingPlan {
  categories: { id: string; name: string; owner: Named | null; queueName: string }[];
  queues: {
    id: string;
    name: string;
    isDefault: boolean;
    slaMinutes: number;
    owner: Named | null;
    fallbackOwner: Named | null;
    members: Named[];
  }[];
  lastResort: Named | null;
  onCallNow: (Named & { source: 'override' | 'rotation'; until: string }) | null;
  rota: { rotation: Rotation | null; overrides: Override[]; shifts: Shift[] };
  people: Named[];
  inputs: {
    users: number;
    usersSource: 'cohorts' | 'members';
    reviewItemsPerWeek: number;
    weeksMeasured: number;
    minutesPerItem: number;
    minutesSource: 'measured' | 'assumed';
    minutesSamples: number;
    hoursPerWeek: number;
    focusShare: number;
    currentPeople: number;
    currentSource: 'rota' | 'queues';
  };
  recommendation: {
    ruleOfThumb: number;
    exceptionLoad: number;
    recommended: number;
    basis: 'rule_of_thumb' | 'exception_load';
    peopleNeeded: number;
    currentPeople: number;
    covered: boolean;
    explanation: string[];
    assumptions: string[];
  };
  weeks: WeeklyLoad[];
}
