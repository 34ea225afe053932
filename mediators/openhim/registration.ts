/**
 * Keeps one mediator registered with OpenHIM core for as long as it runs: registers (retrying with
 * backoff while core is down or refuses), then heartbeats on the interval core expects (10 s; core
 * shows a mediator as down after 60 s of silence), handing every config core sends back to the
 * mediator. A heartbeat answered 404 (core lost the mediator, e.g. an administrator deleted it)
 * registers again. Failures are logged once each, not at every retry.
 */
import type { Logger } from 'pino';
import { OpenHimError, type OpenHimClient } from './core-client.js';
import { MediatorConfigError, type ConfigValues, type MediatorConfig } from './mediator-config.js';

export interface MediatorRegistration {
  mediator: MediatorConfig;
  /** Receives the config OpenHIM holds: once after registering, then after each change in the console. */
  onConfig(config: ConfigValues): void;
}

export interface MediatorStatus {
  urn: string;
  state: 'standalone' | 'registering' | 'registered' | 'failed' | 'stopped';
  registeredAt?: Date;
  lastHeartbeatAt?: Date;
  heartbeats: number;
  /** The latest failure while it lasts. */
  lastError?: string;
}

export interface MediatorLink {
  status(): MediatorStatus;
  /** Stops heartbeats and any call in flight; resolves when nothing is left running. */
  stop(): Promise<void>;
}

export interface RegistrationTiming {
  heartbeatIntervalMs: number;
  /** First retry delay after a failed registration; doubles up to maxRetryMs. */
  initialRetryMs?: number;
  maxRetryMs?: number;
}

export function connectMediator(client: OpenHimClient, registration: MediatorRegistration, timing: RegistrationTiming, logger: Logger): MediatorLink {
  const { urn } = registration.mediator;
  const log = logger.child({ mediator: urn });
  const startedAt = Date.now();
  const status: MediatorStatus = { urn, state: 'registering', heartbeats: 0 };
  const controller = new AbortController();
  const pause = interruptibleSleep(controller.signal);
  let reported: string | undefined;

  const report = (error: unknown) => {
    const message = (error as Error).message;
    status.lastError = message;
    if (message === reported) return;
    reported = message;
    const failure = error instanceof OpenHimError ? error.failure : (error as Error).name;
    const level = failure === 'unreachable' || failure === 'server-error' ? 'warn' : 'error';
    log[level]({ failure }, `OpenHIM: ${message}`);
  };
  const recovered = () => {
    if (reported !== undefined) log.info('OpenHIM: core answers again');
    reported = undefined;
    status.lastError = undefined;
  };

  const register = async (): Promise<boolean> => {
    for (let attempt = 0; !controller.signal.aborted; attempt++) {
      try {
        await client.registerMediator(registration.mediator, controller.signal);
        status.state = 'registered';
        status.registeredAt = new Date();
        recovered();
        log.info({ core: client.url, version: registration.mediator.version }, 'registered with OpenHIM core');
        return true;
      } catch (error) {
        if (controller.signal.aborted) return false;
        report(error);
        if (isPermanent(error)) {
          status.state = 'failed';
          return false;
        }
        await pause(backoff(attempt, timing));
      }
    }
    return false;
  };

  const heartbeat = async (forceConfig: boolean): Promise<'ok' | 'lost' | 'failed'> => {
    try {
      const uptime = Math.round((Date.now() - startedAt) / 1000);
      const config = await client.heartbeat(urn, uptime, forceConfig, controller.signal);
      status.heartbeats += 1;
      status.lastHeartbeatAt = new Date();
      recovered();
      if (config) applyConfig(registration, config, log);
      return 'ok';
    } catch (error) {
      if (controller.signal.aborted) return 'failed';
      report(error);
      return error instanceof OpenHimError && error.failure === 'unknown-mediator' ? 'lost' : 'failed';
    }
  };

  const run = async () => {
    while (!controller.signal.aborted) {
      status.state = 'registering';
      if (!(await register())) return;
      // The first heartbeat asks for the config: an administrator may have changed it while we were away.
      let forceConfig = true;
      for (;;) {
        const outcome = await heartbeat(forceConfig);
        if (controller.signal.aborted || outcome === 'lost') break;
        if (outcome === 'ok') forceConfig = false;
        await pause(timing.heartbeatIntervalMs);
      }
    }
  };

  const running = run().catch((error: unknown) => log.error({ err: error }, 'OpenHIM registration loop failed'));
  return {
    status: () => ({ ...status }),
    stop: async () => {
      controller.abort();
      await running;
      status.state = 'stopped';
    },
  };
}

function applyConfig(registration: MediatorRegistration, config: ConfigValues, log: Logger): void {
  try {
    registration.onConfig(config);
    log.info({ params: Object.keys(config) }, 'applied the config from OpenHIM');
  } catch (error) {
    log.error({ err: error }, 'the config from OpenHIM could not be applied: keeping the previous one');
  }
}

/** A registration document core refuses (or we refuse to send) will not improve by retrying. */
function isPermanent(error: unknown): boolean {
  return error instanceof MediatorConfigError || (error instanceof OpenHimError && error.failure === 'rejected');
}

function backoff(attempt: number, timing: RegistrationTiming): number {
  const initial = timing.initialRetryMs ?? 1000;
  const max = timing.maxRetryMs ?? 30_000;
  const delay = Math.min(max, initial * 2 ** Math.min(attempt, 20));
  return delay * (0.8 + Math.random() * 0.4); // jitter: instances restarted together do not retry in step
}

/** setTimeout as a promise that an abort resolves early. */
function interruptibleSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
}
