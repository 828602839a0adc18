import { ChampionCache } from './modules/learning/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config/config.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { type AppMetrics, createMetrics } from './platform/observability/metrics.js';

// The one place where services are built from configuration and a database. Server,
// worker, CLI and tests all start from here, so they run the same wiring.

export interface AppServices {
  config: Config;
  db: Database;
  clock: Clock;
  champions: ChampionCache;
  metrics: AppMetrics;
  onDecision: (outcome: 'applied' | 'suggested' | 'needs_review') => void;
}

export async function createServices(
  config: Config,
  options: { db?: Database; clock?: Clock } = {},
): Promise<AppServices> {
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(db);
  const metrics = createMetrics();
  return {
    config,
    db,
    clock: options.clock ?? systemClock,
    champions: new ChampionCache(),
    metrics,
    onDecision: (outcome) => metrics.decisions.inc({ outcome }),
  };
}
