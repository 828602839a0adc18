import { z } from 'zod';

// Response schemas of the metrics routes (the OpenAPI description and the serializer's contract).

const rate = z.number().nullable();

const adoptionFigures = {
  decisions: z.number(),
  shadow: z.number(),
  shown: z.number(),
  accepted: z.number(),
  overridden: z.number(),
  ignored: z.number(),
  pending: z.number(),
  acceptanceRate: rate,
  overrideRate: rate,
  ignoredRate: rate,
  medianActionMinutes: rate,
  tickets: z.number(),
  aiTouched: z.number(),
  aiTouchedShare: rate,
  peopleActive: z.number(),
};

const range = {
  from: z.string(),
  to: z.string(),
  granularity: z.enum(['day', 'week']),
};

export const adoptionSchema = z
  .object({
    ...range,
    points: z.array(z.object({ period: z.string(), ...adoptionFigures })),
    total: z.object(adoptionFigures),
  })
  .describe(
    'Adoption: shown, accepted, overridden, ignored, time to action, AI-touched tickets, people active',
  );

export const adoptionGroupsSchema = z
  .object({ items: z.array(z.object({ id: z.string().nullable(), name: z.string(), ...adoptionFigures })) })
  .describe('Adoption over the range per person, cohort or category');

const valueFigures = z.object({
  tickets: z.number(),
  aiTouched: z.number(),
  humanTouches: z.number(),
  touchesPer100: rate,
  correctN: z.number(),
  minutesToCorrect: rate,
  assignedN: z.number(),
  minutesToAssign: rate,
  hops: z.number().describe('Re-assignment hops: changes of assignee after the first assignment'),
  hopsPerTicket: rate,
});

export const valueSchema = z
  .object({
    ...range,
    points: z.array(
      z.object({
        period: z.string(),
        live: valueFigures,
        baseline: valueFigures,
        touchesAvoided: rate,
        minutesSaved: rate,
      }),
    ),
    live: valueFigures,
    baseline: valueFigures,
    review: z.object({
      resolved: z.number(),
      handled: z.number(),
      handlingMinutes: z.number(),
      minutesPerItem: rate,
    }),
    touchesAvoided: rate,
    minutesSaved: rate,
  })
  .describe('Value: live tickets against the shadow + control baseline, review load, minutes saved');

export const qualitySchema = z
  .object({
    ...range,
    categories: z.array(
      z.object({
        categoryId: z.string(),
        name: z.string(),
        judged: z.number(),
        correct: z.number(),
        precision: rate,
        suggestedJudged: z.number(),
        acceptance: rate,
        points: z.array(
          z.object({ period: z.string(), judged: z.number(), correct: z.number(), precision: rate }),
        ),
      }),
    ),
    calibration: z.object({
      n: z.number(),
      ece: rate,
      bins: z.array(
        z.object({
          bin: z.number(),
          lower: z.number(),
          upper: z.number(),
          n: z.number(),
          meanConfidence: rate,
          accuracy: rate,
        }),
      ),
    }),
    confusions: z.array(
      z.object({
        predictedCategoryId: z.string(),
        predictedName: z.string(),
        humanCategoryId: z.string(),
        humanName: z.string(),
        n: z.number(),
        reviewMinutes: z.number(),
      }),
    ),
  })
  .describe('Quality: precision per category over time, calibration, costly confusion pairs');
