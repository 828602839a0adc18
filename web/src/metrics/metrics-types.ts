// The shapes of GET /api/v1/metrics/* (src/modules/metrics/metrics-schemas.ts).

export type Granularity = 'day' | 'week';

export interface AdoptionFigures {
  decisions: number;
  shadow: number;
  shown: number;
  accepted: number;
  overridden: number;
  ignored: number;
  pending: number;
  acceptanceRate: number | null;
  overrideRate: number | null;
  ignoredRate: number | null;
  medianActionMinutes: number | null;
  tickets: number;
  aiTouched: number;
  aiTouchedShare: number | null;
  peopleActive: number;
}

export interface Adoption {
  from: string;
  to: string;
  granularity: Granularity;
  points: (AdoptionFigures & { period: string })[];
  total: AdoptionFigures;
}

export interface AdoptionGroup extends AdoptionFigures {
  id: string | null;
  name: string;
}

export interface ValueFigures {
  tickets: number;
  aiTouched: number;
  humanTouches: number;
  touchesPer100: number | null;
  correctN: number;
  minutesToCorrect: number | null;
  assignedN: number;
  minutesToAssign: number | null;
}

export interface Value {
  points: {
    period: string;
    live: ValueFigures;
    baseline: ValueFigures;
    touchesAvoided: number | null;
    minutesSaved: number | null;
  }[];
  live: ValueFigures;
  baseline: ValueFigures;
  review: { resolved: number; handled: number; handlingMinutes: number; minutesPerItem: number | null };
  touchesAvoided: number | null;
  minutesSaved: number | null;
}

export interface CategoryQuality {
  categoryId: string;
  name: string;
  judged: number;
  correct: number;
  precision: number | null;
  suggestedJudged: number;
  acceptance: number | null;
  points: { period: string; judged: number; correct: number; precision: number | null }[];
}

export interface CalibrationBin {
  bin: number;
  lower: number;
  upper: number;
  n: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface Quality {
  categories: CategoryQuality[];
  calibration: { n: number; ece: number | null; bins: CalibrationBin[] };
  confusions: {
    predictedCategoryId: string;
    predictedName: string;
    humanCategoryId: string;
    humanName: string;
    n: number;
    reviewMinutes: number;
  }[];
}
