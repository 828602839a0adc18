/** Placeholder values for `{slot}`s in phrase templates. */
import { SUPPORT_AGENTS } from './parts.js';
import { FIRST_NAMES, LAST_NAMES, makeEmail } from './people.js';
import type { Rng } from './prng.js';
import type { FillContext } from './types.js';
import { WORD_LISTS } from './word-lists.js';

type Slot = (rng: Rng, ctx: FillContext, get: (key: string) => string) => string;

const DAY_MS = 86_400_000;
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

function formatDay(rng: Rng, date: Date): string {
  const month = MONTHS[date.getUTCMonth()] ?? 'January';
  const day = date.getUTCDate();
  const style = rng.int(0, 4);
  if (style === 0) return `${month.slice(0, 3)} ${day}`;
  if (style === 1) return `${month} ${ordinal(day)}`;
  if (style === 2) return `${day} ${month.slice(0, 3)}`;
  if (style === 3) return `${date.getUTCMonth() + 1}/${day}`;
  return date.toISOString().slice(0, 10);
}

const digits = (rng: Rng, n: number): string =>
  Array.from({ length: n }, (_, i) => String(rng.int(i === 0 ? 1 : 0, 9))).join('');

const list =
  (items: readonly string[]): Slot =>
  (rng) =>
    rng.pick(items);

export const SLOTS: Readonly<Record<string, Slot>> = {
  agent: list(SUPPORT_AGENTS),
  plan: (_r, ctx) => ctx.requester.company.plan,
  company: (_r, ctx) => ctx.requester.company.name.replace(' (personal)', ' freelancer account'),
  workspace: (_r, ctx) => ctx.requester.company.workspace,
  industry: (_r, ctx) => ctx.requester.company.industry,
  requesterEmail: (_r, ctx) => ctx.requester.email,
  colleagueDomain: (_r, ctx) => ctx.requester.company.domain,
  colleague: (rng) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
  colleagueEmail: (rng, ctx, get) => {
    const [first = 'alex', ...rest] = get('colleague').split(' ');
    return makeEmail(rng, first, rest.join(' ') || 'smith', ctx.requester.company.domain);
  },
  invoice: (rng) => `INV-${digits(rng, 5)}`,
  orderId: (rng) => rng.pick([`ORD-${digits(rng, 6)}`, `#${digits(rng, 7)}`, `A-${digits(rng, 5)}`]),
  ticketRef: (rng) => digits(rng, 5),
  contractId: (rng) => `MSA-${rng.int(2021, 2025)}-${digits(rng, 3)}`,
  poNumber: (rng) => `PO ${digits(rng, 6)}`,
  amount: (rng) =>
    `${rng.pick(['$', '$', '$', '€', '£'])}${rng.int(12, 4800).toLocaleString('en-US')}.${rng.pick(['00', '00', '50', '99', '40'])}`,
  amountLow: (rng) => `$${rng.int(9, 600)}.00`,
  last4: (rng) => digits(rng, 4),
  seats: (rng) => String(rng.weighted([rng.int(3, 12), rng.int(13, 60), rng.int(61, 400)], [4, 4, 2])),
  seatsLow: (_r, _c, get) => String(Math.max(2, Math.floor(Number(get('seats')) * 0.6))),
  seatsDiff: (rng) => String(rng.int(2, 25)),
  count: (rng) =>
    String(
      rng.weighted([rng.int(2, 9), rng.int(10, 99), rng.int(100, 999), rng.int(1000, 20000)], [3, 4, 3, 1]),
    ),
  percent: (rng) => String(rng.pick([0, 12, 37, 50, 73, 88, 99])),
  year: (rng) => String(rng.int(2017, 2024)),
  version: (rng) => `${rng.int(4, 5)}.${rng.int(0, 19)}.${rng.int(0, 9)}`,
  date: (rng, ctx) => formatDay(rng, new Date(ctx.createdAt.getTime() - rng.int(1, 25) * DAY_MS)),
  renewalDate: (rng, ctx) => formatDay(rng, new Date(ctx.createdAt.getTime() + rng.int(5, 75) * DAY_MS)),
  month: (rng, ctx) => MONTHS[(ctx.createdAt.getUTCMonth() + 12 - rng.int(0, 1)) % 12] ?? 'March',
  recentDay: (rng, ctx) => {
    const weekday = WEEKDAYS[(ctx.createdAt.getUTCDay() + 7 - rng.int(2, 5)) % 7] ?? 'Monday';
    return rng.pick([
      'yesterday',
      'this morning',
      `${weekday}`,
      `last ${weekday}`,
      'the weekend',
      'last week',
      'the last update',
      formatDay(rng, new Date(ctx.createdAt.getTime() - rng.int(2, 9) * DAY_MS)),
    ]);
  },
  reqId: (rng) => `req_${Array.from({ length: 12 }, () => rng.pick([...'0123456789abcdef'])).join('')}`,
  ...Object.fromEntries(Object.entries(WORD_LISTS).map(([key, items]) => [key, list(items)])),
};
