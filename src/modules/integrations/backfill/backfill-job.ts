import type { Sql } from '../../../platform/db/database.js';
import type { Actor } from '../../../platform/events/index.js';
import { appendEvent } from '../../../platform/events/index.js';
import { connectionForUse } from '../connection-store.js';
import type { IntegrationDeps } from '../connections-service.js';
import type { ConnectionView, PastTicketsPage } from '../connector.js';
import { connectorOf } from '../connector-registry.js';
import { HelpdeskHttpError, helpdeskHttp } from '../helpdesk-http.js';
import {
  type BackfillRun,
  claimDueRun,
  deferRun,
  getBackfillRun,
  leasedRun,
  savePageProgress,
  setRunStatus,
} from './backfill-store.js';
import { importPastTickets } from './import-past-tickets.js';

// The worker's side of a backfill: take a due run, read page after page from the helpdesk and
// import each page in one transaction with the cursor that follows it. A worker that dies loses
// at most the page it was reading; the next one resumes at the saved cursor after the lease ends.
// A helpdesk that asks us to wait (429/503 + Retry-After) is waited for without using up an
// attempt; other failures are retried with back-off, then the run fails (a person can resume it).

export const BACKFILL_PAGE_SIZE = 100;
/** Failed attempts at one page before the run fails. */
export const BACKFILL_MAX_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface BackfillJobOptions {
  workerId: string;
  /** How long a claim holds without progress; a page's commit renews it. */
  leaseMs?: number;
  /** Stop reading when aborted (the worker is stopping): the page in flight is not saved. */
  signal?: AbortSignal;
  /** Pages per run per call, so one large backfill does not starve the other connections. */
  maxPages?: number;
  /** Tickets asked for per page (a hint; helpdesks cap it). */
  pageSize?: number;
  /** Called after each page is committed (progress for a caller that runs the job itself). */
  onPageSaved?: (runId: string) => void;
}

export interface BackfillTick {
  runs: number;
  pages: number;
}

/** Works every due run once (up to `maxPages` each); returns what it did. */
export async function runDueBackfills(
  deps: IntegrationDeps,
  options: BackfillJobOptions,
): Promise<BackfillTick> {
  const tick: BackfillTick = { runs: 0, pages: 0 };
  const claimed = new Set<string>();
  for (;;) {
    if (options.signal?.aborted) return tick;
    const now = deps.clock.now();
    const run = await claimDueRun(deps.db, options.workerId, now, new Date(now.getTime() + leaseMs(options)));
    if (!run) return tick;
    // A run handed back in this tick (deferred, or its page budget used) waits for the next one.
    if (claimed.has(run.id)) {
      await deferRun(deps.db, run.id, options.workerId, {
        error: run.lastError ?? '',
        countsAsAttempt: false,
        nextAttemptAt: run.nextAttemptAt,
        now,
      });
      return tick;
    }
    claimed.add(run.id);
    tick.runs++;
    tick.pages += await workRun(deps, run, options);
  }
}

const leaseMs = (options: BackfillJobOptions) => options.leaseMs ?? 2 * 60_000;

const runContext = (run: BackfillRun) => ({ workspaceId: run.workspaceId, actor: run.requestedBy as Actor });

async function workRun(
  deps: IntegrationDeps,
  run: BackfillRun,
  options: BackfillJobOptions,
): Promise<number> {
  const found = await connectionForUse(deps.db, deps.secrets(), run.connectionId, run.workspaceId);
  const listPastTickets = found && connectorOf(found.view.kind).listPastTickets;
  if (!found || !listPastTickets) {
    await finish(
      deps,
      run,
      'failed',
      found ? 'The connector cannot list past tickets.' : 'The connection was removed.',
    );
    return 0;
  }
  const connection = found.view;
  let cursor = run.cursor;
  let pages = 0;
  while (pages < (options.maxPages ?? Number.POSITIVE_INFINITY)) {
    const signal = options.signal ?? new AbortController().signal;
    let page: Awaited<ReturnType<typeof listPastTickets>>;
    try {
      const http = helpdeskHttp({
        baseUrl: connection.baseUrl,
        signal,
        timeoutMs: deps.helpdeskTimeoutMs,
        now: () => deps.clock.now(),
      });
      page = await listPastTickets({
        connection,
        http,
        since: run.since,
        cursor,
        pageSize: options.pageSize ?? BACKFILL_PAGE_SIZE,
      });
    } catch (error) {
      if (signal.aborted) return pages; // stopping: the lease runs out and another worker resumes
      await failedAttempt(deps, run, options.workerId, error);
      return pages;
    }
    if (signal.aborted) return pages;
    const saved = await savePage(deps, run, options, { connection, cursor, page }).catch(
      async (error: unknown) => {
        // Storing failed (e.g. the database went away): counted as an attempt like a helpdesk failure.
        await failedAttempt(deps, run, options.workerId, error);
        return null;
      },
    );
    if (saved === null) return pages;
    pages++;
    options.onPageSaved?.(run.id);
    cursor = page.nextCursor;
    if (cursor === null) return pages;
  }
  // Page budget used: hand the run back so other runs get their turn.
  await deferRun(deps.db, run.id, options.workerId, {
    error: '',
    countsAsAttempt: false,
    nextAttemptAt: deps.clock.now(),
    now: deps.clock.now(),
  });
  return pages;
}

/**
 * Imports one page and saves the cursor after it in one transaction; null when the run is no
 * longer this worker's (paused, cancelled or taken over), and nothing of the page is kept.
 */
function savePage(
  deps: IntegrationDeps,
  run: BackfillRun,
  options: BackfillJobOptions,
  { connection, cursor, page }: { connection: ConnectionView; cursor: string | null; page: PastTicketsPage },
) {
  return deps.db.transaction(async (tx) => {
    const current = await leasedRun(tx, run.id, options.workerId);
    if (!current || current.cursor !== cursor) return null; // paused, cancelled or taken over
    const now = deps.clock.now();
    const added = await importPastTickets(tx, deps.clock, runContext(run), connection, page.tickets);
    await savePageProgress(tx, run.id, {
      cursor: page.nextCursor,
      added,
      total: page.total,
      now,
      leaseUntil: new Date(now.getTime() + leaseMs(options)),
    });
    // The last page and the end of the run commit together: a crash cannot leave it half done.
    if (page.nextCursor === null) await finishIn(tx, run, 'done', null, now);
    return added;
  });
}

async function failedAttempt(deps: IntegrationDeps, run: BackfillRun, workerId: string, error: unknown) {
  const now = deps.clock.now();
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HelpdeskHttpError && error.rateLimited) {
    const wait = error.retryAfterMs ?? BACKOFF_BASE_MS;
    await deferRun(deps.db, run.id, workerId, {
      error: `The helpdesk asked to wait ${Math.ceil(wait / 1000)} s: ${message}`,
      countsAsAttempt: false,
      nextAttemptAt: new Date(now.getTime() + wait),
      now,
    });
    return;
  }
  const retryable = !(error instanceof HelpdeskHttpError) || error.retryable;
  if (!retryable || run.attempts + 1 >= BACKFILL_MAX_ATTEMPTS) {
    await finish(deps, run, 'failed', message);
    return;
  }
  const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** run.attempts);
  await deferRun(deps.db, run.id, workerId, {
    error: message,
    countsAsAttempt: true,
    nextAttemptAt: new Date(now.getTime() + backoff),
    now,
  });
}

/** Ends a run the worker holds (never one a person paused or cancelled meanwhile). */
async function finish(deps: IntegrationDeps, run: BackfillRun, status: 'failed', error: string) {
  await deps.db.transaction(async (tx) => {
    const current = await getBackfillRun(tx, run.workspaceId, run.id, { forUpdate: true });
    if (current?.status !== 'running' && current?.status !== 'queued') return;
    await finishIn(tx, run, status, error, deps.clock.now());
  });
}

async function finishIn(
  tx: Sql,
  run: BackfillRun,
  status: 'done' | 'failed',
  error: string | null,
  now: Date,
) {
  const finished = await setRunStatus(tx, run.id, status, now, { lastError: error });
  await appendEvent(tx, {
    workspaceId: run.workspaceId,
    actor: { type: 'system', name: 'Backfill' },
    action: status === 'done' ? 'backfill.finished' : 'backfill.failed',
    subjectType: 'backfill_run',
    subjectId: run.id,
    payload: { connectionId: run.connectionId, counts: finished.counts, pages: finished.pages, error },
    occurredAt: now,
  });
}
