import { systemClock } from '../../../platform/clock.js';
import { type Database, one } from '../../../platform/db/database.js';
import { systemActor } from '../../../platform/events/index.js';
import type { RequestContext } from '../../access/index.js';
import { type Category, createCategory } from '../../categories/index.js';
import { syntheticTickets } from '../../classifier/test-support/synthetic-tickets.js';
import { createWorkspace } from '../../workspaces/index.js';
import { type LabelKind, type LabelReasonCode, recordImportLabels, recordLabel } from '../labels.js';

// A workspace with the classifier's synthetic categories (billing, login, shipping, bug), an
// imported labelled history and people who label, for the learning data-layer tests.

export interface LabelledWorkspace {
  db: Database;
  workspaceId: string;
  categories: Record<string, Category>;
  importer: RequestContext;
  person(name: string): RequestContext;
  ticket(text: string): Promise<string>;
  label(
    who: RequestContext,
    ticketId: string,
    category: string,
    kind?: LabelKind,
    reasonCode?: LabelReasonCode,
  ): Promise<{ seq: number }>;
}

let counter = 0;

export async function labelledWorkspace(
  db: Database,
  options: { historyPerCategory?: number } = {},
): Promise<LabelledWorkspace> {
  const deps = { db, clock: systemClock };
  const setup = systemActor('test setup');
  counter += 1;
  const slug = `learning-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const { id: workspaceId } = await createWorkspace(deps, { slug, name: slug }, setup);
  const ctx = { workspaceId, actor: setup };
  const categories: Record<string, Category> = {};
  for (const name of ['billing', 'login', 'shipping', 'bug'])
    categories[name] = await createCategory(deps, ctx, { name });
  const insertTicket = async (text: string) => {
    counter += 1;
    const { id } = await one<{ id: string }>(
      db,
      `INSERT INTO tickets (workspace_id, source, external_id, subject, body, content_hash)
       VALUES ($1, 'test', $2, '', $3, 'hash') RETURNING id`,
      [workspaceId, `t-${counter}`, text],
    );
    return id;
  };
  const importer: RequestContext = { workspaceId, actor: systemActor('history import') };
  const history = syntheticTickets(options.historyPerCategory ?? 0, 5);
  const items: { ticketId: string; categoryId: string }[] = [];
  for (const example of history) {
    items.push({
      ticketId: await insertTicket(example.body ?? ''),
      categoryId: categories[example.category]!.id,
    });
  }
  await db.transaction((tx) => recordImportLabels(tx, systemClock, importer, items));
  return {
    db,
    workspaceId,
    categories,
    importer,
    person: (name) => ({ workspaceId, actor: { type: 'user', id: `${name}-id`, name } }),
    ticket: insertTicket,
    label: (who, ticketId, category, kind = 'correct', reasonCode = 'corrected_category') =>
      db.transaction((tx) =>
        recordLabel(tx, systemClock, who, {
          ticketId,
          categoryId: categories[category]!.id,
          kind,
          reasonCode,
        }),
      ),
  };
}
