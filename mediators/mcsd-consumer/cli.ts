/**
 * `npm run mediator -- mcsd-consumer --once [--source NAME] [--full]`: one pull of each enabled
 * source (or of the one named), with a progress bar, against the configured database: DATABASE_URL,
 * or the embedded PostgreSQL in LASTMILE_DATA_DIR, which only one process can run at a time (stop
 * the app first, or use POST /api/registrySync/sources/{id}/run while it runs). Without --once it
 * runs the sources on their intervals until Ctrl-C: the mediator as a process of its own.
 *
 * Exit codes: 0 every pull succeeded; 1 a pull failed or was cut short; 2 bad usage or
 * configuration; 3 a source was already being pulled elsewhere.
 */
import cliProgress from 'cli-progress';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type Config } from '../../api/config.js';
import { createDataSource, poolOf } from '../../api/db/data-source.js';
import { EmbeddedPostgres, EmbeddedPostgresError } from '../../api/db/embedded-postgres.js';
import { runMigrations } from '../../api/db/migrate.js';
import { createLogger, type Logger } from '../../api/logger.js';
import { createFhirLayer, type FhirLayer } from '../../fhir/index.js';
import type { Progress } from './run/run-context.js';
import { SourceBusy } from './run/sync-run.js';
import { SyncService } from './run/sync-service.js';
import type { RunRecord } from './runs/run-store.js';
import { startMcsdConsumer } from './index.js';
import { registerEnvSources } from './sources/source-service.js';
import { getSourceByName, listSources, type SourceRecord } from './sources/source-store.js';

const USAGE = 'usage: npm run mediator -- mcsd-consumer [--once] [--source NAME] [--full]';

class UsageError extends Error {}

interface Database {
  dataSource: DataSource;
  fhir: FhirLayer;
  close(): Promise<void>;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    const config = loadConfig();
    // Info lines would tear the progress bar apart; LOG_LEVEL still wins when it is set.
    const logger = createLogger(args.once && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
    const db = await openDatabase(config, logger);
    try {
      await registerEnvSources(poolOf(db.dataSource)!, config.mcsdSources, logger);
      return args.once ? await pullOnce(db, logger, args) : await runScheduled(db, config, logger);
    } finally {
      await db.close();
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`mcsd-consumer: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parseArgs(argv: string[]): { once: boolean; full: boolean; source?: string } {
  const args = { once: false, full: false, source: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--once') args.once = true;
    else if (argv[i] === '--full') args.full = true;
    else if (argv[i] === '--source' && argv[i + 1]) args.source = argv[++i];
    else throw new UsageError(`unknown argument "${argv[i]}"\n${USAGE}`);
  }
  if (args.source && !args.once) throw new UsageError(`--source goes with --once\n${USAGE}`);
  return args;
}

async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  if (!config.databaseUrl) {
    try {
      embedded = await EmbeddedPostgres.start({ dataDir: config.dataDir, port: config.embeddedDbPort, logger });
    } catch (error) {
      if (!(error instanceof EmbeddedPostgresError)) throw error;
      throw new ConfigError('LASTMILE_DATA_DIR', `cannot start the embedded database in ${config.dataDir} (${error.message}). ` +
        'If Lastmile is running on it, stop it first, set DATABASE_URL, or start the pull with POST /api/registrySync/sources/{id}/run');
    }
  }
  const dataSource = createDataSource({ url: config.databaseUrl ?? embedded!.url, poolMax: 5, applicationName: 'lastmile-mcsd-consumer' });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    // No HTTP here: the FHIR router this builds serves nobody, so its gate admits no one.
    const fhir = await createFhirLayer({ pool: poolOf(dataSource)!, publicUrl: config.publicUrl, logger, gate: async () => undefined });
    return {
      dataSource,
      fhir,
      async close() {
        await fhir.close();
        await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
}

async function pullOnce(db: Database, logger: Logger, args: { full: boolean; source?: string }): Promise<number> {
  const pool = poolOf(db.dataSource)!;
  const sources = await chosenSources(pool, args.source);
  const service = new SyncService({ pool, fhir: db.fhir, logger });
  const interrupt = () => void service.stop();
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  let exitCode = 0;
  try {
    for (const source of sources) {
      const bar = progressBar(source);
      try {
        const run = await service.run(source.id, { trigger: 'cli', full: args.full, onProgress: (p) => bar.show(p) });
        bar.stop();
        report(run);
        if (run.status !== 'succeeded') exitCode = Math.max(exitCode, 1);
      } catch (error) {
        bar.stop();
        if (!(error instanceof SourceBusy)) throw error;
        process.stderr.write(`${source.name}: ${error.message} (by the app or another process); nothing done\n`);
        exitCode = 3;
      }
    }
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
  return exitCode;
}

async function chosenSources(pool: Parameters<typeof listSources>[0], name?: string): Promise<SourceRecord[]> {
  if (name) {
    const source = await getSourceByName(pool, name);
    if (!source) throw new UsageError(`there is no source named "${name}"`);
    return [source];
  }
  const enabled = (await listSources(pool)).filter((s) => s.enabled);
  if (enabled.length === 0) throw new UsageError('no enabled source: add one with POST /api/registrySync/sources or MCSD_SOURCES');
  return enabled;
}

function progressBar(source: SourceRecord) {
  const bar = new cliProgress.SingleBar(
    { format: `${source.name.padEnd(16)} {phase} {bar} {value}/{total} {detail}`, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    show(progress: Progress) {
      const { counts } = progress;
      if (!started) bar.start(1, 0, { phase: 'fetch', detail: '' });
      started = true;
      if (progress.phase === 'fetch') {
        // A history feed does not say how long it is: the bar grows page by page.
        bar.setTotal(counts.fetched + source.pageSize);
        bar.update(counts.fetched, { phase: 'fetch', detail: `entries, ${counts.pages} pages (${progress.type})` });
      } else {
        const applied = counts.created + counts.updated + counts.unchanged + counts.deleted + counts.conflicts;
        bar.setTotal(Math.max(1, progress.toApply ?? applied));
        bar.update(applied, { phase: 'apply', detail: `created ${counts.created}, updated ${counts.updated}, deleted ${counts.deleted}, conflicts ${counts.conflicts}` });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function report(run: RunRecord): void {
  const seconds = ((run.durationMs ?? 0) / 1000).toFixed(1);
  const lines = [
    `${run.sourceName}: ${run.status}${run.resumed ? ' (resumed an unfinished pull)' : ''} in ${seconds} s: ${run.fetched} entries in ${run.pages} pages; ` +
      `${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.deleted} deleted, ${run.skipped} skipped, ${run.conflicts} conflicts`,
    ...run.errors.map((error) => `  ${error}`),
  ];
  if (run.skipped + run.conflicts > 0) lines.push(`  details: GET /api/registrySync/runs/${run.id}/issues`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runScheduled(db: Database, config: Config, logger: Logger): Promise<number> {
  const consumer = startMcsdConsumer({ dataSource: db.dataSource, fhir: db.fhir, logger, config: { mcsdSources: [], mcsdScheduler: true } });
  await consumer.ready;
  const sources = (await listSources(poolOf(db.dataSource)!)).filter((s) => s.enabled && s.intervalSeconds !== null);
  process.stderr.write(`mcsd-consumer: pulling ${sources.map((s) => `${s.name} every ${s.intervalSeconds} s`).join(', ') || 'no scheduled source yet'}; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()));
  await consumer.stop();
  return 0;
}
