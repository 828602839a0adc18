import type { Clock } from '../../../platform/clock.js';
import { type Database, one } from '../../../platform/db/database.js';
import { type Actor, systemActor, verifyEventChain } from '../../../platform/events/index.js';
import { insertUser } from '../../access/index.js';
import { type Category, createCategory } from '../../categories/index.js';
import { createWorkspace } from '../../workspaces/index.js';
import { openReviewItem } from '../review-items.js';
import type { ReviewerContext } from '../review-item-lock.js';

// A workspace with people, categories and a hand-set clock for the review data-layer
// tests. Review items are opened through the real openReviewItem on a stored decision,
// so routing is exercised exactly as decideTicket exercises it, without training a model.

export class TestClock implements Clock {
  constructor(private current = new Date('2026-03-02T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export interface ReviewFixture {
  db: Database;
  clock: TestClock;
  workspaceId: string;
  admin: ReviewerContext;
  person(name: string): Promise<ReviewerContext & { userId: string }>;
  category(name: string): Promise<Category>;
  /** A ticket whose decision proposes `categoryId` (or nothing), and its open review item. */
  openItem(categoryId: string | null): Promise<{ itemId: string; ticketId: string }>;
  /** The distinct event actions the workspace recorded, and whether its chain is intact. */
  auditTrail(): Promise<{ actions: string[]; chainIntact: boolean }>;
}

let seq = 0;

export async function reviewFixture(db: Database, slug: string): Promise<ReviewFixture> {
  const clock = new TestClock();
  const deps = { db, clock };
  const setup: Actor = systemActor('test setup');
  const workspace = await createWorkspace(deps, { slug, name: slug }, setup);
  const workspaceId = workspace.id;
  return {
    db,
    clock,
    workspaceId,
    // What an admin API key is: no user, acting for the workspace.
    admin: { workspaceId, actor: { type: 'api_key', id: 'test-key', name: 'test key' }, userId: null },
    async person(name) {
      seq += 1;
      const user = await db.transaction((tx) =>
        insertUser(
          tx,
          clock,
          {
            email: `${slug}-${seq}@example.com`,
            name,
            passwordHash: 'not-used',
            workspaceId,
            role: 'reviewer',
          },
          setup,
        ),
      );
      return { workspaceId, actor: { type: 'user', id: user.id, name }, userId: user.id };
    },
    category: (name) => createCategory(deps, { workspaceId, actor: setup }, { name }),
    async openItem(categoryId) {
      seq += 1;
      return db.transaction(async (tx) => {
        const { id: ticketId } = await one<{ id: string }>(
          tx,
          `INSERT INTO tickets (workspace_id, source, external_id, subject, body, content_hash)
           VALUES ($1, 'test', $2, 'Subject', 'Body', 'hash') RETURNING id`,
          [workspaceId, `t-${seq}`],
        );
        const { id: decisionId } = await one<{ id: string }>(
          tx,
          `INSERT INTO decisions (workspace_id, ticket_id, outcome, category_id, confidence, rule, created_at)
           VALUES ($1, $2, $3, $4, $5, 'test rule', $6) RETURNING id`,
          [
            workspaceId,
            ticketId,
            categoryId ? 'suggested' : 'needs_review',
            categoryId,
            categoryId ? 0.6 : null,
            clock.now(),
          ],
        );
        const itemId = await openReviewItem(tx, clock, {
          workspaceId,
          ticketId,
          decisionId,
          reason: categoryId ? 'suggestion' : 'model_unavailable',
          actor: setup,
        });
        return { itemId, ticketId };
      });
    },
    async auditTrail() {
      const rows = await db.query<{ action: string }>(
        'SELECT DISTINCT action FROM events WHERE workspace_id = $1 ORDER BY action',
        [workspaceId],
      );
      return {
        actions: rows.map((r) => r.action),
        chainIntact: (await verifyEventChain(db, workspaceId)).ok,
      };
    },
  };
}
