import { createHash } from 'node:crypto';
import { json, maybeOne, type Sql } from '../db/database.js';
import { type Actor, actorId, actorName } from './actor.js';
import { canonicalJson } from './canonical-json.js';

// Every state change appends an event in the same transaction as the change. Events are
// chained per workspace (hash of the previous event + this one), so a rewritten or
// deleted row breaks the chain; the table itself refuses UPDATE and DELETE.

export interface NewEvent {
  workspaceId: string | null;
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  occurredAt: Date;
}

export interface StoredEvent {
  seq: number;
  id: string;
  workspaceId: string | null;
  occurredAt: Date;
  actorType: Actor['type'];
  actorId: string | null;
  actorName: string;
  modelVersion: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

const CHAIN_LOCK = 727_274_002;

export const eventColumns = `seq, id, workspace_id AS "workspaceId", occurred_at AS "occurredAt",
  actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName",
  model_version AS "modelVersion", action, subject_type AS "subjectType", subject_id AS "subjectId",
  payload, prev_hash AS "prevHash", hash`;

function eventHash(
  prevHash: string | null,
  e: Omit<StoredEvent, 'seq' | 'id' | 'hash' | 'prevHash'>,
): string {
  const material = canonicalJson([
    prevHash,
    e.workspaceId,
    e.occurredAt.toISOString(),
    e.actorType,
    e.actorId,
    e.actorName,
    e.modelVersion,
    e.action,
    e.subjectType,
    e.subjectId,
    e.payload,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

// The head of each chain this transaction holds the lock of. The lock lasts until the
// transaction ends, so no one else can move the head meanwhile: later appends in the same
// transaction (an import writes thousands) skip the lock and the lookup.
const chainHeads = new WeakMap<Sql, Map<string, string | null>>();

async function chainHead(tx: Sql, workspaceId: string | null): Promise<string | null> {
  const chain = workspaceId ?? 'organisation';
  let heads = chainHeads.get(tx);
  if (heads?.has(chain)) return heads.get(chain)!;
  // Serialises appends per workspace so each event sees its true predecessor.
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHAIN_LOCK, chain]);
  const last = await maybeOne<{ hash: string }>(
    tx,
    `SELECT hash FROM events WHERE workspace_id IS NOT DISTINCT FROM $1 ORDER BY seq DESC LIMIT 1`,
    [workspaceId],
  );
  if (!heads) {
    heads = new Map();
    chainHeads.set(tx, heads);
  }
  heads.set(chain, last?.hash ?? null);
  return last?.hash ?? null;
}

export async function appendEvent(tx: Sql, event: NewEvent): Promise<void> {
  await appendEvents(tx, [event]);
}

/** Appends several events in order with one INSERT (an import writes thousands). */
export async function appendEvents(tx: Sql, events: readonly NewEvent[]): Promise<void> {
  // An event belongs to the transaction of the change it records.
  if ('transaction' in tx) throw new Error('appendEvent must be called inside a transaction');
  if (events.length === 0) return;
  const rows = [];
  for (const event of events) {
    const chain = event.workspaceId ?? 'organisation';
    const prevHash = await chainHead(tx, event.workspaceId);
    const row = {
      workspaceId: event.workspaceId,
      // Millisecond precision survives the timestamptz round trip unchanged.
      occurredAt: new Date(event.occurredAt.getTime()),
      actorType: event.actor.type,
      actorId: actorId(event.actor),
      actorName: actorName(event.actor),
      modelVersion: event.actor.type === 'ai' ? event.actor.modelVersion : null,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      payload: JSON.parse(json(event.payload ?? {})) as Record<string, unknown>,
    };
    const hash = eventHash(prevHash, row);
    chainHeads.get(tx)!.set(chain, hash);
    rows.push({ ...row, occurredAt: row.occurredAt.toISOString(), prevHash, hash, ord: rows.length });
  }
  // Identity values follow the ORDER BY, so seq order is chain order.
  await tx.query(
    `INSERT INTO events (workspace_id, occurred_at, actor_type, actor_id, actor_name, model_version, action,
       subject_type, subject_id, payload, prev_hash, hash)
     SELECT e."workspaceId", e."occurredAt", e."actorType", e."actorId", e."actorName", e."modelVersion", e.action,
            e."subjectType", e."subjectId", e.payload, e."prevHash", e.hash
       FROM jsonb_to_recordset($1::jsonb) AS e("workspaceId" uuid, "occurredAt" timestamptz,
            "actorType" text, "actorId" text, "actorName" text, "modelVersion" integer, action text,
            "subjectType" text, "subjectId" text, payload jsonb, "prevHash" text, hash text, ord bigint)
      ORDER BY e.ord`,
    [json(rows)],
  );
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
}

/** Recomputes a workspace's chain; any edited, inserted or removed row shows as a break. */
export async function verifyEventChain(sql: Sql, workspaceId: string | null): Promise<ChainVerification> {
  const rows = await sql.query<StoredEvent>(
    `SELECT ${eventColumns} FROM events WHERE workspace_id IS NOT DISTINCT FROM $1 ORDER BY seq`,
    [workspaceId],
  );
  let prev: string | null = null;
  for (const [i, row] of rows.entries()) {
    if (row.prevHash !== prev || eventHash(prev, row) !== row.hash) {
      return { ok: false, checked: i, firstBrokenSeq: row.seq };
    }
    prev = row.hash;
  }
  return { ok: true, checked: rows.length };
}
