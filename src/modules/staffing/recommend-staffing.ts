// The recommended support staffing for the AI's exceptions. Pure, so every figure on the
// Staffing page can be recomputed by hand from the inputs it shows.
//
// The rule of thumb is 0.2 of one person per 50 users. It is corrected by the measured
// exception load: review items a week × minutes each ÷ the focus minutes of one person-week.
// The rule of thumb stays the floor: support is more than review items (questions, dispute
// rulings, category guides, rollout reviews), so a quiet queue never staffs below it; a busy
// one raises the recommendation to what the exceptions alone take.

export const RULE_OF_THUMB = { people: 0.2, perUsers: 50 } as const;

export interface StaffingInputs {
  /** People who use the AI: members of cohorts that are not the control, else active members. */
  users: number;
  usersSource: 'cohorts' | 'members';
  /** Review items a week: the mean of the weeks measured. */
  reviewItemsPerWeek: number;
  weeksMeasured: number;
  /** Minutes one review item takes, and whether that was measured or is the configured assumption. */
  minutesPerItem: number;
  minutesSource: 'measured' | 'assumed';
  minutesSamples: number;
  /** Focus minutes of one person-week: hours a week × 60 × the focus share. */
  hoursPerWeek: number;
  focusShare: number;
  /** People staffing the exceptions now: on the on-call rota, else owners and members of review queues. */
  currentPeople: number;
  currentSource: 'rota' | 'queues';
}

export interface StaffingRecommendation {
  /** 0.2 × users ÷ 50, in people (full-time equivalents). */
  ruleOfThumb: number;
  /** Minutes of review work a week. */
  exceptionMinutesPerWeek: number;
  focusMinutesPerPersonWeek: number;
  /** The exception load in people: exception minutes ÷ focus minutes of a person-week. */
  exceptionLoad: number;
  /** The larger of the two, in people (full-time equivalents). */
  recommended: number;
  basis: 'rule_of_thumb' | 'exception_load';
  /** Whole people needed to cover the recommendation. */
  peopleNeeded: number;
  currentPeople: number;
  covered: boolean;
  /** Capacity of the current people in focus minutes a week. */
  capacityMinutesPerWeek: number;
  /** The arithmetic, line by line, as it is shown. */
  explanation: string[];
  /** What the figures assume, shown beside them. */
  assumptions: string[];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function recommendStaffing(inputs: StaffingInputs): StaffingRecommendation {
  const ruleOfThumb = (RULE_OF_THUMB.people * inputs.users) / RULE_OF_THUMB.perUsers;
  const focusMinutesPerPersonWeek = inputs.hoursPerWeek * 60 * inputs.focusShare;
  const exceptionMinutesPerWeek = inputs.reviewItemsPerWeek * inputs.minutesPerItem;
  const exceptionLoad =
    focusMinutesPerPersonWeek > 0 ? exceptionMinutesPerWeek / focusMinutesPerPersonWeek : 0;
  const basis = exceptionLoad > ruleOfThumb ? 'exception_load' : 'rule_of_thumb';
  const recommended = Math.max(ruleOfThumb, exceptionLoad);
  // A recommendation of 0 (no users, no items) needs nobody; anything above needs a whole person.
  const peopleNeeded = Math.ceil(round(recommended, 6));
  const capacityMinutesPerWeek = inputs.currentPeople * focusMinutesPerPersonWeek;
  const covered = inputs.currentPeople >= peopleNeeded;
  const who = inputs.usersSource === 'cohorts' ? 'people in cohorts with the AI' : 'active workspace members';
  const explanation = [
    `Rule of thumb: 0.2 × ${inputs.users} users ÷ 50 = ${round(ruleOfThumb)} people (${inputs.users} ${who}).`,
    `Exception load: ${round(inputs.reviewItemsPerWeek, 1)} review items a week × ${round(inputs.minutesPerItem, 1)} min = ${Math.round(exceptionMinutesPerWeek)} min a week.`,
    `One person-week: ${inputs.hoursPerWeek} h × 60 × ${inputs.focusShare} focus = ${Math.round(focusMinutesPerPersonWeek)} min, so the exceptions take ${round(exceptionLoad)} people.`,
    `Recommended: the larger, ${round(recommended)} people (${basis === 'rule_of_thumb' ? 'the rule of thumb' : 'the measured exception load'}), so ${peopleNeeded} ${peopleNeeded === 1 ? 'person' : 'people'}.`,
    covered
      ? `Covered: ${inputs.currentPeople} ${inputs.currentPeople === 1 ? 'person' : 'people'} ${inputs.currentSource === 'rota' ? 'on the on-call rota' : 'own or work the review queues'}.`
      : `Not covered: ${inputs.currentPeople} ${inputs.currentPeople === 1 ? 'person' : 'people'} ${inputs.currentSource === 'rota' ? 'on the on-call rota' : 'own or work the review queues'}, ${peopleNeeded - inputs.currentPeople} short.`,
  ];
  const assumptions = [
    inputs.minutesSource === 'measured'
      ? `Minutes per item measured: the mean time from claim to resolution of ${inputs.minutesSamples} review items in the last 28 days.`
      : `Assumption: ${inputs.minutesPerItem} minutes per item (TRIAGE_STAFFING_MINUTES_PER_ITEM); only ${inputs.minutesSamples} review items were timed from claim to resolution, too few to measure.`,
    inputs.weeksMeasured > 0
      ? `Review items a week: the mean of the last ${inputs.weeksMeasured} complete weeks.`
      : 'No complete week of review items yet: the exception load is 0 until one is measured.',
    `Assumption: a person-week is ${inputs.hoursPerWeek} hours with ${Math.round(inputs.focusShare * 100)}% focus (TRIAGE_STAFFING_HOURS_PER_WEEK, TRIAGE_STAFFING_FOCUS_SHARE); each person counted as current staffing gives a whole person-week to the exceptions, so read coverage as an upper bound when they also do other work.`,
  ];
  return {
    ruleOfThumb,
    exceptionMinutesPerWeek,
    focusMinutesPerPersonWeek,
    exceptionLoad,
    recommended,
    basis,
    peopleNeeded,
    currentPeople: inputs.currentPeople,
    covered,
    capacityMinutesPerWeek,
    explanation,
    assumptions,
  };
}
