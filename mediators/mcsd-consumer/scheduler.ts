/**
 * Runs each enabled source with an interval inside the app. Every tick looks at when each source
 * last started a run (recorded in the database, so the cadence holds across restarts and is
 * shared by every app instance) and starts those that are due; a source already being pulled
 * elsewhere is skipped for this turn, its lock says so.
 */
import type { Logger } from 'pino';
import { SourceBusy } from './run/sync-run.js';
import type { SyncService } from './run/sync-service.js';
import { lastRunStarts } from './runs/run-store.js';
import { listSources } from './sources/source-store.js';

export const DEFAULT_TICK_MS = 15_000;

export interface Scheduler {
  stop(): void;
}

export function startScheduler(service: SyncService, logger: Logger, tickMs = DEFAULT_TICK_MS, paused: () => boolean = () => false): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      if (!paused()) await startDueRuns(service, logger);
    } catch (error) {
      logger.error({ err: error }, 'mCSD consumer scheduler: could not check the sources');
    }
    if (!stopped) timer = setTimeout(tick, tickMs).unref();
  };
  timer = setTimeout(tick, Math.min(tickMs, 1000)).unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

async function startDueRuns(service: SyncService, logger: Logger): Promise<void> {
  const pool = service.deps.pool;
  const [sources, lastStarts] = await Promise.all([listSources(pool), lastRunStarts(pool)]);
  const now = Date.now();
  for (const source of sources) {
    if (!source.enabled || source.intervalSeconds === null) continue;
    const last = lastStarts.get(source.id);
    if (last && last.getTime() + source.intervalSeconds * 1000 > now) continue;
    try {
      const { done } = await service.start(source.id, { trigger: 'schedule' });
      void done.catch(() => undefined); // recorded with the run
    } catch (error) {
      if (error instanceof SourceBusy) logger.debug({ source: source.name }, 'mCSD pull already running elsewhere; skipped this turn');
      else logger.error({ err: error, source: source.name }, 'mCSD consumer scheduler: could not start a run');
    }
  }
}
