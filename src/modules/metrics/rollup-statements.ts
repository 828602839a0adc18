import { ACTION_BUCKETS, ACTION_WINDOW_HOURS, HUMAN_KINDS_SQL } from './metric-definitions.js';

// The set-based statements that fill the daily rollups for a range of UTC days. Parameters:
// $1 workspace, $2 first day, $3 the day after the last (dates), $4 now (decides ignored vs
// pending). Each statement reads only its range's source rows and writes whole days.

const dayStart = (p: string) => `(${p}::date::timestamp AT TIME ZONE 'UTC')`;
const utcDay = (col: string) => `(${col} AT TIME ZONE 'UTC')::date`;

// Workspace members by e-mail and id: a ticket's assignee (free text from the helpdesk) is
// matched the way the rollout matches it to a cohort (ticket-stage.ts).
const people = `people AS (
  SELECT u.id, lower(u.email) AS email FROM memberships ms JOIN users u ON u.id = ms.user_id
   WHERE ms.workspace_id = $1
)`;
const personOf = (t: string) => `LEFT JOIN people pe ON pe.email = lower(trim(${t}.assignee))
  LEFT JOIN people pi ON pi.id::text = trim(${t}.assignee)`;

const bucketCase = `CASE ${ACTION_BUCKETS.slice(0, -1)
  .map((upper, b) => `WHEN action_minutes <= ${upper} THEN ${b}`)
  .join(' ')} ELSE ${ACTION_BUCKETS.length - 1} END`;

/** Decisions, action times, calibration and confusions: one pass over the range's decisions. */
export const insertDecisionRollups = `
WITH ${people},
d AS (
  SELECT d.id, d.ticket_id, d.cohort_id, p.category_id AS predicted, p.confidence, d.category_id AS acted,
         d.outcome, d.created_at, ${utcDay('d.created_at')} AS day,
         d.reason IS NOT DISTINCT FROM 'rollout_shadow' AS shadow,
         d.outcome IN ('applied', 'suggested') AS shown,
         coalesce(pe.id, pi.id) AS person_id
    FROM decisions d
    JOIN predictions p ON p.id = d.prediction_id
    JOIN tickets t ON t.id = d.ticket_id
    ${personOf('t')}
   WHERE d.workspace_id = $1 AND d.created_at >= ${dayStart('$2')} AND d.created_at < ${dayStart('$3')}
     AND p.category_id IS NOT NULL
),
j AS (
  SELECT d.*, f.category_id AS first_category, l.category_id AS human_category,
         f.created_at IS NOT NULL AND f.created_at <= d.created_at + interval '${ACTION_WINDOW_HOURS} hours' AS acted_on,
         extract(epoch FROM f.created_at - d.created_at) / 60 AS action_minutes
    FROM d
    LEFT JOIN LATERAL (
      SELECT category_id, created_at FROM labels
       WHERE ticket_id = d.ticket_id AND kind IN (${HUMAN_KINDS_SQL}) AND created_at >= d.created_at
       ORDER BY created_at, seq LIMIT 1) f ON true
    LEFT JOIN LATERAL (
      SELECT category_id FROM labels
       WHERE ticket_id = d.ticket_id AND kind IN (${HUMAN_KINDS_SQL}) AND created_at >= d.created_at
       ORDER BY created_at DESC, seq DESC LIMIT 1) l ON true
),
decisions_rollup AS (
  INSERT INTO metric_decisions_daily (workspace_id, day, category_id, cohort_id, decisions, shadow,
    suggested, applied, accepted, overridden, ignored, action_minutes, applied_judged, applied_correct,
    suggested_judged, suggested_correct)
  SELECT $1, day, predicted, cohort_id, count(*), count(*) FILTER (WHERE shadow),
         count(*) FILTER (WHERE outcome = 'suggested'), count(*) FILTER (WHERE outcome = 'applied'),
         count(*) FILTER (WHERE shown AND acted_on AND first_category = acted),
         count(*) FILTER (WHERE shown AND acted_on AND first_category <> acted),
         count(*) FILTER (WHERE shown AND NOT acted_on
                            AND created_at + interval '${ACTION_WINDOW_HOURS} hours' <= $4::timestamptz),
         coalesce(sum(action_minutes) FILTER (WHERE shown AND acted_on), 0),
         count(*) FILTER (WHERE outcome = 'applied' AND human_category IS NOT NULL),
         count(*) FILTER (WHERE outcome = 'applied' AND human_category = acted),
         count(*) FILTER (WHERE outcome = 'suggested' AND human_category IS NOT NULL),
         count(*) FILTER (WHERE outcome = 'suggested' AND human_category = acted)
    FROM j GROUP BY day, predicted, cohort_id
  RETURNING 1
),
people_rollup AS (
  INSERT INTO metric_people_daily (workspace_id, day, cohort_id, person_id, decisions, shadow, shown, accepted,
    overridden, ignored)
  SELECT $1, day, cohort_id, person_id, count(*), count(*) FILTER (WHERE shadow), count(*) FILTER (WHERE shown),
         count(*) FILTER (WHERE shown AND acted_on AND first_category = acted),
         count(*) FILTER (WHERE shown AND acted_on AND first_category <> acted),
         count(*) FILTER (WHERE shown AND NOT acted_on
                            AND created_at + interval '${ACTION_WINDOW_HOURS} hours' <= $4::timestamptz)
    FROM j WHERE person_id IS NOT NULL GROUP BY day, cohort_id, person_id
  RETURNING 1
),
action_rollup AS (
  INSERT INTO metric_action_times_daily (workspace_id, day, category_id, cohort_id, bucket, n)
  SELECT $1, day, predicted, cohort_id, ${bucketCase}, count(*)
    FROM j WHERE shown AND acted_on
   GROUP BY day, predicted, cohort_id, ${bucketCase}
  RETURNING 1
),
calibration_rollup AS (
  INSERT INTO metric_calibration_daily (workspace_id, day, category_id, cohort_id, bin, n, confidence_sum, correct)
  SELECT $1, day, predicted, cohort_id, least(floor(confidence * 10)::int, 9), count(*), sum(confidence),
         count(*) FILTER (WHERE human_category = acted)
    FROM j WHERE shown AND human_category IS NOT NULL
   GROUP BY day, predicted, cohort_id, least(floor(confidence * 10)::int, 9)
  RETURNING 1
)
INSERT INTO metric_confusions_daily (workspace_id, day, predicted_category_id, human_category_id, cohort_id, n, review_minutes)
SELECT $1, day, predicted, human_category, cohort_id, count(*), coalesce(sum(rm.minutes), 0)
  FROM j
  LEFT JOIN LATERAL (
    SELECT sum(extract(epoch FROM r.resolved_at - r.claimed_at) / 60) AS minutes FROM review_items r
     WHERE r.decision_id = j.id AND r.status = 'resolved' AND r.claimed_at IS NOT NULL) rm ON true
 WHERE human_category IS NOT NULL AND human_category <> predicted
 GROUP BY day, predicted, human_category, cohort_id`;

/**
 * Tickets by arrival day: arm, AI touch, human touches, time to correct category and to
 * assignment, and re-assignment hops.
 */
export const insertTicketRollups = `
WITH t AS (
  SELECT t.id, t.received_at, ${utcDay('t.received_at')} AS day, t.category_id, t.assignee
    FROM tickets t
   WHERE t.workspace_id = $1 AND t.received_at >= ${dayStart('$2')} AND t.received_at < ${dayStart('$3')}
),
x AS (
  SELECT t.*, fd.cohort_id,
         CASE WHEN fd.reason = 'rollout_shadow' THEN 'shadow'
              WHEN co.is_control THEN 'control'
              WHEN fd.id IS NULL OR fd.reason IN ('rollout_off', 'model_unavailable') THEN 'off'
              ELSE 'live' END AS arm,
         EXISTS (SELECT 1 FROM decisions s WHERE s.ticket_id = t.id AND s.outcome IN ('applied', 'suggested')) AS ai_touched,
         (SELECT count(*) FROM labels l WHERE l.ticket_id = t.id AND l.kind IN (${HUMAN_KINDS_SQL}))::int AS touches,
         ca.at AS correct_at,
         coalesce(asg.at, CASE WHEN t.assignee IS NOT NULL THEN t.received_at END) AS assigned_at,
         hp.hops
    FROM t
    LEFT JOIN LATERAL (
      SELECT d.id, d.cohort_id, d.reason FROM decisions d WHERE d.ticket_id = t.id
       ORDER BY d.created_at, d.id LIMIT 1) fd ON true
    LEFT JOIN rollout_cohorts co ON co.id = fd.cohort_id
    LEFT JOIN LATERAL (
      SELECT min(s.at) AS at FROM (
        SELECT u.at, u.cat, max(CASE WHEN u.cat <> t.category_id THEN u.at END) OVER () AS last_other FROM (
          SELECT d.created_at AS at, d.category_id AS cat FROM decisions d
           WHERE d.ticket_id = t.id AND d.outcome = 'applied'
          UNION ALL
          SELECT l.created_at, l.category_id FROM labels l
           WHERE l.ticket_id = t.id AND l.kind IN (${HUMAN_KINDS_SQL})) u) s
       WHERE s.cat = t.category_id AND (s.last_other IS NULL OR s.at > s.last_other)) ca ON true
    LEFT JOIN LATERAL (
      SELECT min(a.created_at) AS at FROM ticket_activities a
       WHERE a.ticket_id = t.id AND a.kind = 'update' AND a.payload->'changes'->>'assignee' IS NOT NULL) asg ON true
    LEFT JOIN LATERAL (
      -- A hop: the ticket goes to someone other than the person it was last assigned to.
      SELECT count(*) FILTER (WHERE s.prev IS NOT NULL AND s.prev <> s.cur)::int AS hops FROM (
        SELECT lower(trim(a.to_assignee)) AS cur,
               lag(lower(trim(a.to_assignee))) OVER (ORDER BY a.changed_at, a.id) AS prev
          FROM ticket_assignments a
         WHERE a.ticket_id = t.id AND nullif(trim(a.to_assignee), '') IS NOT NULL) s) hp ON true
)
INSERT INTO metric_tickets_daily (workspace_id, day, category_id, cohort_id, arm, tickets, ai_touched,
  human_touches, correct_n, correct_minutes, assigned_n, assign_minutes, hops)
SELECT $1, day, category_id, cohort_id, arm, count(*), count(*) FILTER (WHERE ai_touched),
       coalesce(sum(touches), 0), count(correct_at),
       coalesce(sum(greatest(0, extract(epoch FROM correct_at - received_at) / 60)), 0),
       count(assigned_at), coalesce(sum(greatest(0, extract(epoch FROM assigned_at - received_at) / 60)), 0),
       coalesce(sum(hops), 0)
  FROM x GROUP BY day, category_id, cohort_id, arm`;

/** Review items by resolution day (superseded ones were nobody's work). */
export const insertReviewRollups = `
INSERT INTO metric_reviews_daily (workspace_id, day, category_id, cohort_id, resolved, handled, handling_minutes)
SELECT $1, ${utcDay('r.resolved_at')}, p.category_id, d.cohort_id, count(*), count(r.claimed_at),
       coalesce(sum(extract(epoch FROM r.resolved_at - r.claimed_at) / 60), 0)
  FROM review_items r
  JOIN decisions d ON d.id = r.decision_id
  LEFT JOIN predictions p ON p.id = d.prediction_id
 WHERE r.workspace_id = $1 AND r.status = 'resolved' AND r.resolution <> 'superseded'
   AND r.resolved_at >= ${dayStart('$2')} AND r.resolved_at < ${dayStart('$3')}
 GROUP BY 2, 3, 4`;

export const rollupTables = [
  'metric_decisions_daily',
  'metric_people_daily',
  'metric_action_times_daily',
  'metric_tickets_daily',
  'metric_reviews_daily',
  'metric_calibration_daily',
  'metric_confusions_daily',
] as const;

/** Deletes a table's rows for days [$2, $3) of workspace $1. */
export const deleteRange = (table: (typeof rollupTables)[number]) =>
  `DELETE FROM ${table} WHERE workspace_id = $1 AND day >= $2::date AND day < $3::date`;

/** The earliest UTC day any source row of the workspace falls on, or null without any. */
export const earliestSourceDay = `
SELECT to_char(least(
  (SELECT min(received_at) FROM tickets WHERE workspace_id = $1),
  (SELECT min(created_at) FROM decisions WHERE workspace_id = $1),
  (SELECT min(resolved_at) FROM review_items WHERE workspace_id = $1 AND status = 'resolved')
) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`;
