import type { AppServices } from '../composition.js';
import { feedLiveDemoTicket } from '../modules/demo/index.js';
import { workspaceBySlug } from '../modules/workspaces/index.js';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Background work. For now: the demo feed, which sends a new demo ticket through the normal
 * intake path every TRIAGE_DEMO_FEED_SECONDS so the review queue stays alive. Failures are
 * logged and retried on the next tick; a tick never overlaps the previous one.
 */
export function startWorker(services: AppServices, log: (msg: string, err?: unknown) => void): Worker {
  const seconds = services.config.demoFeedSeconds;
  if (!services.config.demo || seconds <= 0) return { stop: async () => undefined };
  let running: Promise<void> | undefined;
  const tick = async () => {
    const demo = await workspaceBySlug(services.db, 'demo');
    if (demo) await feedLiveDemoTicket(services, demo.id);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error) => log('demo feed failed; will retry', error))
      .finally(() => {
        running = undefined;
      });
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
