import { hostname, userInfo } from 'node:os';
import lockfile from 'proper-lockfile';
import { type AppServices, createServices } from '../composition.js';
import { createUser, listUsers, type UserRole } from '../modules/access/index.js';
import { listCategories } from '../modules/categories/index.js';
import { previewDecision } from '../modules/decisions/index.js';
import {
  type BatchResult,
  type HistoryRow,
  type ImportOptions,
  importHistoryBatch,
} from '../modules/imports/index.js';
import {
  getBackfillRun,
  listConnections,
  runDueBackfills,
  startBackfill,
} from '../modules/integrations/index.js';
import {
  listRegisteredModels,
  type ModelDetail,
  modelDetail,
  promoteModel,
  type RegisteredModel,
  rollbackChampion,
  type TrainingRun,
  trainWorkspaceModel,
} from '../modules/learning/index.js';
import {
  approveStepUp,
  type Ladder,
  requestStepUp,
  rollBackStage,
  rolloutLadder,
  type Stage,
  type StepUpView,
} from '../modules/rollout/index.js';
import {
  applyTaxonomyChange,
  previewTaxonomyChange,
  type TaxonomyChange,
  type TaxonomyChangeInput,
} from '../modules/taxonomy/index.js';
import { listWorkspaces } from '../modules/workspaces/index.js';
import type { Config } from '../platform/config/config.js';
import { AppError } from '../platform/errors/app-error.js';
import { type Actor, systemActor } from '../platform/events/index.js';
import { personContext } from './cli-person.js';

// CLI commands work on a workspace through this gateway: the running server's API when
// one answers (the data folder belongs to it), otherwise the database directly, after
// taking the data folder's lock so two processes never open the same PGlite folder.

export interface ClassifyResult {
  modelVersion: number;
  ranked: { categoryId: string; name: string; probability: number }[];
  explanation: {
    terms: { term: string; weight: number }[];
    similar: { id: string; category: string; text: string }[];
  };
  decision: { outcome: string; rule: string };
}

export interface TrainResult {
  version: number;
  status: 'champion' | 'challenger';
  exampleCount: number;
  categoryCount: number;
  trainSeconds: number;
  artifactBytes: number;
}

/** A backfill's progress as the CLI shows it (the API's BackfillRun, dates as given). */
export interface BackfillProgress {
  id: string;
  status: string;
  pages: number;
  counts: Record<
    | 'read'
    | 'imported'
    | 'unchanged'
    | 'labelled'
    | 'aiProvenance'
    | 'uncategorised'
    | 'unmapped'
    | 'rejected',
    number
  >;
  total: number | null;
  lastError: string | null;
}

export interface WorkspaceGateway {
  readonly mode: string;
  categories(): Promise<{ id: string; key: string; name: string }[]>;
  importBatch(rows: HistoryRow[], options: ImportOptions): Promise<BatchResult>;
  /** `onProgress` hears the run's step and percentage as they change. */
  train(onProgress?: (step: string, percent: number) => void): Promise<TrainResult>;
  models(): Promise<RegisteredModel[]>;
  model(version: number): Promise<ModelDetail>;
  promote(version: number): Promise<{ version: number; replaced: number | null }>;
  rollback(): Promise<{ restored: number; retired: number }>;
  classify(input: { subject: string; body: string }): Promise<ClassifyResult>;
  users(): Promise<{ email: string; name: string; role: string }[]>;
  addUser(input: { email: string; name: string; password: string; role: UserRole }): Promise<{ id: string }>;
  /** Applies a taxonomy change, or with `preview` only says what it would do. */
  changeTaxonomy(input: TaxonomyChangeInput, preview: boolean): Promise<TaxonomyChange>;
  connections(): Promise<{ id: string; name: string; kind: string }[]>;
  startBackfill(connectionId: string, input: { months: number }): Promise<BackfillProgress>;
  backfill(connectionId: string, runId: string): Promise<BackfillProgress>;
  /** Without a server no worker runs: the command reads due backfill pages itself (direct mode only). */
  workBackfills?(): Promise<void>;
  rolloutLadder(): Promise<Ladder>;
  /** `as`: the e-mail of the member acting (on the database directly; through the server the key acts). */
  requestStepUp(cell: RolloutCell, as?: string): Promise<StepUpView>;
  approveStepUp(stepUpId: string, as?: string): Promise<StepUpView>;
  rollBackStage(
    input: RolloutCell & { reason: string },
    as?: string,
  ): Promise<{ from: Stage; to: Stage; cancelledStepUps: string[] }>;
  close(): Promise<void>;
}

export interface RolloutCell {
  cohortId: string;
  categoryId: string;
}

/** Through the server the API key is who acts: --as cannot name someone else. */
function keyActs(as: string | undefined): void {
  if (as) {
    throw new AppError(
      'validation_failed',
      '--as works on the database directly; through a running server the API key acts (a person approves in the web UI).',
    );
  }
}

async function serverAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

function apiGateway(url: string, key: string): WorkspaceGateway {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(path, url), {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!res.ok) throw new Error(`${payload.message ?? res.statusText} (${payload.code ?? res.status})`);
    return payload as T;
  };
  return {
    mode: `server at ${url}`,
    categories: async () =>
      (await call<{ items: { id: string; key: string; name: string }[] }>('GET', '/api/v1/categories')).items,
    importBatch: (rows, options) => call('POST', '/api/v1/history/import', { rows, ...options }),
    async train(onProgress) {
      // The server reports progress in its training run; poll it while the request is open.
      let done = false;
      const poll = (async () => {
        while (!done) {
          const { run } = await call<{ run: TrainingRun | null }>(
            'GET',
            '/api/v1/models/training-runs/latest',
          ).catch(() => ({ run: null }));
          if (run?.status === 'running') onProgress?.(run.step, run.percent);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      try {
        return await call<TrainResult>('POST', '/api/v1/models/train');
      } finally {
        done = true;
        await poll;
      }
    },
    models: async () => (await call<{ items: RegisteredModel[] }>('GET', '/api/v1/models')).items,
    model: (version) => call('GET', `/api/v1/models/${version}`),
    promote: (version) => call('POST', `/api/v1/models/${version}/promote`),
    rollback: () => call('POST', '/api/v1/models/rollback'),
    classify: (input) => call('POST', '/api/v1/classify', input),
    users: async () =>
      (await call<{ items: { email: string; name: string; role: string }[] }>('GET', '/api/v1/users')).items,
    addUser: (input) => call('POST', '/api/v1/users', input),
    changeTaxonomy: (input, preview) =>
      call('POST', `/api/v1/taxonomy/changes${preview ? '/preview' : ''}`, input),
    connections: async () =>
      (await call<{ items: { id: string; name: string; kind: string }[] }>('GET', '/api/v1/connections'))
        .items,
    startBackfill: (connectionId, input) =>
      call('POST', `/api/v1/connections/${connectionId}/backfills`, input),
    backfill: (connectionId, runId) => call('GET', `/api/v1/connections/${connectionId}/backfills/${runId}`),
    rolloutLadder: () => call('GET', '/api/v1/rollout'),
    async requestStepUp(cell, as) {
      keyActs(as);
      return call('POST', '/api/v1/rollout/step-ups', cell);
    },
    async approveStepUp(id, as) {
      keyActs(as);
      return call('POST', `/api/v1/rollout/step-ups/${id}/approve`);
    },
    async rollBackStage(input, as) {
      keyActs(as);
      return call('POST', '/api/v1/rollout/rollbacks', input);
    },
    close: async () => undefined,
  };
}

function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Some containers have no passwd entry; the host name still identifies the machine.
  }
  return systemActor(`CLI (${user}@${hostname()})`);
}

async function directGateway(config: Config, workspaceSlug: string | undefined): Promise<WorkspaceGateway> {
  let release: (() => Promise<void>) | undefined;
  if (!config.databaseUrl) release = await lockDataDir(config.dataDir);
  let services: AppServices;
  try {
    services = await createServices(config);
  } catch (error) {
    await release?.();
    throw error;
  }
  const workspaces = await listWorkspaces(services.db);
  const workspace = workspaceSlug ? workspaces.find((w) => w.slug === workspaceSlug) : workspaces[0];
  if (!workspace) {
    await services.db.close();
    await release?.();
    throw new AppError(
      'not_found',
      workspaceSlug ? `No workspace "${workspaceSlug}".` : 'No workspace yet: run `triage serve` once first.',
    );
  }
  const ctx = { workspaceId: workspace.id, actor: cliActor() };
  const integrations = { ...services, helpdeskTimeoutMs: config.webhookTimeoutMs };
  return {
    mode: `${services.db.kind === 'pglite' ? `data folder ${config.dataDir}` : 'PostgreSQL'} (workspace ${workspace.slug})`,
    categories: () => listCategories(services.db, workspace.id),
    importBatch: (rows, options) => importHistoryBatch(services, ctx, rows, options),
    train: (onProgress) =>
      trainWorkspaceModel(services, ctx, {
        onStep: (step, percent) => onProgress?.(step, percent),
      }),
    models: () => listRegisteredModels(services.db, workspace.id),
    async model(version) {
      const detail = await modelDetail(services.db, workspace.id, version);
      if (!detail) throw new AppError('not_found', `Model v${version} was not found.`);
      return detail;
    },
    promote: (version) => promoteModel(services, ctx, version),
    rollback: () => rollbackChampion(services, ctx),
    async classify(input) {
      const preview = await previewDecision(services.db, services.champions, workspace.id, input);
      if (!preview)
        throw new AppError('not_ready', 'This workspace has no trained model yet; run `triage train`.');
      const { prediction, decision } = preview;
      return {
        modelVersion: prediction.modelVersion,
        ranked: prediction.ranked.map((r) => ({
          categoryId: r.categoryId,
          name: r.categoryName,
          probability: r.probability,
        })),
        explanation: prediction.explanation,
        decision,
      };
    },
    users: () => listUsers(services, workspace.id),
    addUser: (input) => createUser(services, { ...input, workspaceId: workspace.id }, ctx.actor),
    changeTaxonomy(input, preview) {
      const deps = { ...services, splitSampleSize: config.taxonomySplitSample };
      return preview ? previewTaxonomyChange(deps, ctx, input) : applyTaxonomyChange(deps, ctx, input);
    },
    connections: () => listConnections(services.db, services.secrets(), workspace.id),
    startBackfill: (connectionId, input) => startBackfill(integrations, ctx, connectionId, input),
    async backfill(_connectionId, runId) {
      const run = await getBackfillRun(services.db, workspace.id, runId);
      if (!run) throw new AppError('not_found', `Backfill ${runId} was not found.`);
      return run;
    },
    async workBackfills() {
      await runDueBackfills(integrations, { workerId: `cli:${hostname()}:${process.pid}`, maxPages: 1 });
    },
    rolloutLadder: () => rolloutLadder(services.db, services, workspace.id),
    async requestStepUp(cell, as) {
      return requestStepUp(
        services,
        await personContext(services.db, workspace.id, as, 'rollout:approve'),
        cell,
      );
    },
    async approveStepUp(id, as) {
      return approveStepUp(
        services,
        await personContext(services.db, workspace.id, as, 'rollout:approve'),
        id,
      );
    },
    async rollBackStage(input, as) {
      return rollBackStage(
        services,
        await personContext(services.db, workspace.id, as, 'rollout:approve'),
        input,
      );
    },
    async close() {
      await services.db.close();
      await release?.();
    },
  };
}

/** Takes the exclusive lock on a PGlite data folder, or explains who holds it. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { stale: 15_000, update: 5_000, realpath: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new AppError(
        'conflict',
        `The data folder ${dataDir} is in use by another Triage process. Stop it, or let this command go through its API (TRIAGE_URL and TRIAGE_API_KEY).`,
      );
    }
    throw error;
  }
}

export async function openWorkspaceGateway(
  config: Config,
  workspaceSlug?: string,
): Promise<WorkspaceGateway> {
  const url = config.serverUrl ?? `http://127.0.0.1:${config.port}`;
  if (await serverAnswers(url)) {
    if (!config.apiKey) {
      throw new AppError(
        'unauthenticated',
        `A Triage server is running at ${url}; set TRIAGE_API_KEY to one of its API keys to use it (the data folder is locked by it).`,
      );
    }
    return apiGateway(url, config.apiKey);
  }
  if (config.serverUrl) throw new AppError('not_ready', `No Triage server answers at ${config.serverUrl}.`);
  return directGateway(config, workspaceSlug);
}
