/** Pasted stack traces, console output and log lines for technical tickets. */
import type { Rng } from './prng.js';

const hex = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => rng.pick([...'0123456789abcdef'])).join('');

const COMPONENTS = [
  'TaskCard',
  'BoardColumn',
  'GanttRow',
  'CommentList',
  'TimelineCanvas',
  'CustomFieldCell',
  'SearchResults',
  'TaskModal',
];
const PROPS = ['id', 'assignee', 'dueDate', 'length', 'map', 'custom_fields', 'parentId'];

function jsStackTrace(rng: Rng): string {
  const bundle = `https://app.acmecloud.example/static/js/main.${hex(rng, 8)}.js`;
  const vendor = `https://app.acmecloud.example/static/js/vendor.${hex(rng, 8)}.js`;
  const head = rng.pick([
    `TypeError: Cannot read properties of undefined (reading '${rng.pick(PROPS)}')`,
    `TypeError: ${rng.pick(['t', 'e', 'n'])}.${rng.pick(PROPS)} is not a function`,
    `Uncaught (in promise) Error: Request failed with status code ${rng.pick(['400', '409', '500'])}`,
    `ChunkLoadError: Loading chunk ${rng.int(100, 999)} failed.`,
    'RangeError: Maximum call stack size exceeded',
  ]);
  const frames = [
    `    at ${rng.pick(COMPONENTS)}.render (${bundle}:2:${rng.int(10000, 400000)})`,
    `    at renderWithHooks (${vendor}:1:${rng.int(10000, 90000)})`,
    `    at updateFunctionComponent (${vendor}:1:${rng.int(90000, 190000)})`,
    `    at beginWork (${vendor}:1:${rng.int(190000, 260000)})`,
  ];
  return [head, ...frames.slice(0, rng.int(2, 4))].join('\n');
}

function timestamp(rng: Rng, base: Date): string {
  const t = new Date(base.getTime() - rng.int(60, 36_000) * 1000);
  return t.toISOString().replace('T', ' ').slice(0, 19);
}

function slowRequestLog(rng: Rng, createdAt: Date): string {
  const paths = [
    '/api/v2/boards/{n}?include=tasks',
    '/api/v2/projects/{n}/timeline',
    '/api/v2/search?q=invoice',
    '/api/v2/reports/{n}/data',
    '/api/v2/workload?range=30d',
  ];
  const lines: string[] = [];
  let at = createdAt.getTime() - rng.int(60, 36_000) * 1000;
  const total = rng.int(3, 6);
  for (let i = 0; i < total; i += 1) {
    at += rng.int(1_000, 40_000);
    const status = rng.weighted(['200', '504', '502'], [8, 2, 1]);
    const ms = status === '200' ? rng.int(4000, 28000) : rng.int(30000, 30100);
    const path = rng.pick(paths).replace('{n}', String(rng.int(1000, 99999)));
    lines.push(`${new Date(at).toISOString().slice(11, 23)} GET ${path} ${status} (${ms} ms)`);
  }
  return lines.join('\n');
}

const API_STATUSES = [
  ['401', 'Unauthorized', 'invalid_token'],
  ['403', 'Forbidden', 'insufficient_scope'],
  ['429', 'Too Many Requests', 'rate_limited'],
  ['500', 'Internal Server Error', 'internal_error'],
  ['504', 'Gateway Timeout', 'upstream_timeout'],
] as const;

/** The HTTP status the problem statement implies, if any. */
function impliedStatus(problem: string): string | undefined {
  if (/invalid_token|token/i.test(problem)) return '401';
  if (/rate limit|429/i.test(problem)) return '429';
  if (/times out|timeout/i.test(problem)) return '504';
  return /\b(40[13]|429|50[0-4])\b/.exec(problem)?.[1];
}

function apiResponse(rng: Rng, problem: string): string {
  const implied = impliedStatus(problem);
  const status = API_STATUSES.find((s) => s[0] === implied) ?? rng.pick(API_STATUSES);
  const endpoint = rng.pick([
    '/v2/tasks?limit=100',
    '/v2/projects',
    '/v2/tasks/bulk',
    '/v2/webhooks',
    '/v2/time-entries?page=2',
  ]);
  const lines = [
    `$ curl -s -i -H "Authorization: Bearer ****" https://api.acmecloud.example${endpoint}`,
    `HTTP/1.1 ${status[0]} ${status[1]}`,
  ];
  if (status[0] === '429') lines.push(`Retry-After: ${rng.pick(['30', '60', '120'])}`);
  lines.push(`{"error":{"code":"${status[2]}","message":"${status[1]}","request_id":"req_${hex(rng, 12)}"}}`);
  return lines.join('\n');
}

function nodeClientTrace(rng: Rng, createdAt: Date): string {
  return [
    `[${timestamp(rng, createdAt)}] ERROR acme-sync: webhook delivery ${rng.pick(['failed', 'rejected', 'timed out'])}`,
    `Error: Request failed with status code ${rng.pick(['400', '401', '422', '500'])}`,
    '    at createError (/srv/app/node_modules/axios/lib/core/createError.js:16:15)',
    '    at settle (/srv/app/node_modules/axios/lib/core/settle.js:17:12)',
    `    at syncTasks (/srv/app/dist/sync/acme-client.js:${rng.int(40, 400)}:${rng.int(5, 40)})`,
  ].join('\n');
}

const INTROS = [
  "Here's what the console shows:",
  'Console output:',
  'Log excerpt below:',
  'Stack trace:',
  'This is what we get:',
  'From our logs:',
  'Error from dev tools:',
];

/** A pasted technical artifact with a short intro line, or '' if none fits. */
export function technicalArtifact(rng: Rng, category: string, createdAt: Date, problem: string): string {
  let block = '';
  if (category === 'bug-report') block = jsStackTrace(rng);
  else if (category === 'performance') block = slowRequestLog(rng, createdAt);
  else if (category === 'api-and-webhooks')
    block = rng.chance(0.6) ? apiResponse(rng, problem) : nodeClientTrace(rng, createdAt);
  return block === '' ? '' : `${rng.pick(INTROS)}\n\n${block}`;
}
