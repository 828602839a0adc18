/**
 * How far the AI may go for a category: `auto` may apply alone above the category's threshold,
 * `suggest` only proposes (a person confirms), `human_only` keeps the AI out entirely (legal,
 * security). Ordered from least to most autonomy.
 */
export const autonomies = ['human_only', 'suggest', 'auto'] as const;
export type Autonomy = (typeof autonomies)[number];
