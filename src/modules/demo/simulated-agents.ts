import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db/database.js';
import type { Actor } from '../../platform/events/index.js';
import { hashPassword, insertUser, type UserRole } from '../access/index.js';
import { FIRST_NAMES, LAST_NAMES } from './people.js';
import { createRng, hashSeed } from './prng.js';

// The simulated support team of the demo workspace: agents in rollout waves plus a control group,
// and the leads who request and approve step ups. They are real workspace members (so every row
// they write is an ordinary row), recorded in demo_simulated_agents so they are never mistaken
// for colleagues, and they have a password nobody knows: nobody can log in as them.

export type DemoGroup = 'pilot' | 'wave_2' | 'wave_3' | 'control' | 'lead';

export interface SimulatedAgent {
  userId: string;
  name: string;
  email: string;
  group: DemoGroup;
  /** Relative speed: handling times are multiplied by it. */
  pace: number;
}

export const TEAM_SIZES: Record<DemoGroup, number> = { pilot: 5, wave_2: 7, wave_3: 8, control: 4, lead: 3 };
const ROLE: Record<DemoGroup, UserRole> = {
  pilot: 'agent',
  wave_2: 'agent',
  wave_3: 'agent',
  control: 'agent',
  lead: 'lead',
};
export const DEMO_AGENT_DOMAIN = 'team.acme-cloud.example';

/** The roster, deterministic for a seed: distinct names, e-mails at a reserved domain. */
export function simulatedRoster(seed: number): Omit<SimulatedAgent, 'userId'>[] {
  const rng = createRng(hashSeed(seed, 0x7ea4));
  const first = rng.shuffle(FIRST_NAMES);
  const last = rng.shuffle(LAST_NAMES);
  const groups = (Object.keys(TEAM_SIZES) as DemoGroup[]).flatMap((g) =>
    Array.from({ length: TEAM_SIZES[g] }, () => g),
  );
  return groups.map((group, i) => {
    const name = `${first[i]} ${last[i]}`;
    const local = name
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .replace(/ /g, '.');
    return {
      name,
      email: `${local}@${DEMO_AGENT_DOMAIN}`,
      group,
      pace: Number((0.75 + rng.next() * 0.6).toFixed(2)),
    };
  });
}

/** The simulated people of a workspace, creating them on the first call. */
export async function ensureSimulatedAgents(
  tx: Sql,
  clock: Clock,
  workspaceId: string,
  seed: number,
  actor: Actor,
): Promise<SimulatedAgent[]> {
  const existing = await simulatedAgents(tx, workspaceId);
  if (existing.length > 0) return existing;
  // One random secret, hashed once and thrown away: the accounts exist, nobody can log in.
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  for (const person of simulatedRoster(seed)) {
    const user = await insertUser(
      tx,
      clock,
      { email: person.email, name: person.name, passwordHash, workspaceId, role: ROLE[person.group] },
      actor,
    );
    await tx.query(
      `INSERT INTO demo_simulated_agents (workspace_id, user_id, role_in_demo, pace) VALUES ($1, $2, $3, $4)`,
      [workspaceId, user.id, person.group, person.pace],
    );
  }
  return simulatedAgents(tx, workspaceId);
}

export async function simulatedAgents(sql: Sql, workspaceId: string): Promise<SimulatedAgent[]> {
  return sql.query<SimulatedAgent>(
    `SELECT a.user_id AS "userId", u.name, u.email, a.role_in_demo AS "group", a.pace
       FROM demo_simulated_agents a JOIN users u ON u.id = a.user_id
      WHERE a.workspace_id = $1 ORDER BY u.email`,
    [workspaceId],
  );
}

export const agentActor = (a: SimulatedAgent): Actor => ({ type: 'user', id: a.userId, name: a.name });
