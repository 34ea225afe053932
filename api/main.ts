/**
 * Entry point of `npm start`: parse configuration, start the platform, print where it is served,
 * and stop cleanly on SIGINT/SIGTERM. Failures to start are one line on stderr and exit code 1.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { startPlatform, type Platform } from './platform.js';

const REPEAT_SIGNAL_GRACE_MS = 1000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let platform: Platform | undefined;
  let signalled: NodeJS.Signals | undefined;
  let signalledAt = 0;

  const onSignal = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches us twice (directly and forwarded by npm): only a signal given
    // a moment later means "stop waiting".
    if (signalled && Date.now() - signalledAt < REPEAT_SIGNAL_GRACE_MS) return;
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      platform?.embedded?.signalStop();
      process.exit(1);
    }
    signalled = signal;
    signalledAt = Date.now();
    if (platform) void shutdown(platform, logger);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  platform = await startPlatform(config, logger);
  if (signalled) return shutdown(platform, logger);
  printBanner(platform, config);
}

async function shutdown(platform: Platform, logger: Logger): Promise<void> {
  try {
    await platform.stop();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}

function printBanner(platform: Platform, config: Config): void {
  const base = config.publicUrl ?? platform.url;
  const database = platform.embedded
    ? `embedded PostgreSQL in ${config.dataDir} (127.0.0.1:${platform.embedded.port})`
    : 'external PostgreSQL (DATABASE_URL)';
  const lines = [
    'Lastmile is running',
    `  UI        ${base}/`,
    `  API       ${base}/api`,
    `  FHIR      ${base}/fhir (CapabilityStatement: ${base}/fhir/metadata)`,
    `  Health    ${base}/health/ready`,
    `  Metrics   ${base}/metrics`,
    `  Database  ${database}`,
    'Press Ctrl-C to stop.',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `failed to start: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`lastmile: ${message}\n`);
  process.exit(1);
});
