/**
 * The mCSD update consumer (`mcsd-consumer`): keeps Lastmile's Locations, Organizations and
 * HealthcareServices in step with external facility registries (IHE mCSD ITI-91 suppliers).
 *
 * - sources/  what to pull: definitions (API and MCSD_SOURCES), their checkpoints
 * - pull/     reading a supplier: fhir-kit-client, credentials, retries, feeds, entries
 * - stage/    the staging area a pull lands in (newest version per resource)
 * - apply/    writing it through the FHIR store as the owning registry, parents first, with links
 * - run/      one run: lock, resume, fetch, apply, checkpoint
 * - runs/     what each run did; routes.ts is /api/registrySync; scheduler.ts runs sources on
 *             their interval; cli.ts is `npm run mediator -- mcsd-consumer --once`
 */
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { poolOf } from '../../api/db/data-source.js';
import type { FhirLayer } from '../../fhir/index.js';
import type { MediatorLink, MediatorRegistrar, MediatorStatus } from '../openhim/index.js';
import { CONSUMER_DEFAULT_CONFIG, CONSUMER_URN, consumerMediatorConfig } from './mediator.js';
import type { RunOptions } from './run/run-context.js';
import { SyncService } from './run/sync-service.js';
import { startScheduler, DEFAULT_TICK_MS } from './scheduler.js';
import type { SourceDefinition } from './sources/source-definition.js';
import { registerEnvSources } from './sources/source-service.js';

export { registrySyncRouter, REGISTRY_SYNC_RIGHT, type Authorize } from './routes.js';
export { SyncService } from './run/sync-service.js';
export { SourceBusy } from './run/sync-run.js';
export { RunAbandoned, type RunOptions, type Progress } from './run/run-context.js';
export { sourcesFromEnv, EnvSourceError } from './sources/env-sources.js';
export type { SourceDefinition, SyncType } from './sources/source-definition.js';
export type { RunRecord } from './runs/run-store.js';

export interface McsdConsumerConfig {
  /** Sources from the environment (MCSD_SOURCES / MCSD_SOURCES_FILE), registered at start. */
  mcsdSources?: SourceDefinition[];
  /** Run sources on their interval in this process (MCSD_SCHEDULER, default true). */
  mcsdScheduler?: boolean;
}

export interface McsdConsumerOptions {
  dataSource: DataSource;
  fhir: Pick<FhirLayer, 'store' | 'directory'>;
  logger: Logger;
  config: McsdConsumerConfig;
  /** How often the scheduler looks for due sources. */
  tickMs?: number;
  /** Options every run of this consumer gets (retry policy, secrets' environment, test hooks). */
  runDefaults?: Partial<RunOptions>;
  /** OpenHIM registration (mediators/index.ts); without it the consumer runs standalone. */
  registrar?: MediatorRegistrar;
  /** Where OpenHIM core reaches Lastmile, and Lastmile's x.y.z version, for the registration. */
  mediatorUrl?: string;
  version?: string;
}

export interface McsdConsumer extends MediatorLink {
  service: SyncService;
  /** Resolves once the environment's sources are registered and the scheduler runs. */
  ready: Promise<void>;
  /** Stops the scheduler and the runs in progress (they resume with the next run). */
  stop(): Promise<void>;
}

export function startMcsdConsumer(options: McsdConsumerOptions): McsdConsumer {
  const { dataSource, fhir, logger, config, tickMs = DEFAULT_TICK_MS, runDefaults } = options;
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('the data source must be initialised before the mCSD consumer starts');
  const log = logger.child({ mediator: 'mcsd-consumer' });
  const service = new SyncService({ pool, fhir, logger: log }, runDefaults);
  let paused = CONSUMER_DEFAULT_CONFIG.paused;
  const link = openHimLink(options, (values) => (paused = values.paused === true));
  let scheduler: { stop(): void } | undefined;
  let stopped = false;
  const ready = (async () => {
    await registerEnvSources(pool, config.mcsdSources ?? [], log);
    if (config.mcsdScheduler !== false && !stopped) scheduler = startScheduler(service, log, tickMs, () => paused);
  })().catch((error: unknown) => log.error({ err: error }, 'mCSD consumer could not start its scheduler'));
  let stopping: Promise<void> | undefined;
  return {
    service,
    ready,
    status: () => link.status(),
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        await ready;
        scheduler?.stop();
        await Promise.all([link.stop(), service.stop()]);
      })()),
  };
}

function openHimLink({ registrar, mediatorUrl, version }: McsdConsumerOptions, onConfig: (values: Record<string, unknown>) => void): MediatorLink {
  if (registrar && mediatorUrl) {
    return registrar.attach({ mediator: consumerMediatorConfig({ mediatorUrl, version: version ?? '0.1.0' }), onConfig });
  }
  const status: MediatorStatus = { urn: CONSUMER_URN, state: 'standalone', heartbeats: 0 };
  return { status: () => ({ ...status }), stop: async () => void (status.state = 'stopped') };
}
