/**
 * Where every mediator goes to be registered. With OpenHIM configured it registers and heartbeats;
 * without (OPENHIM_URL unset) mediators run standalone: the same code, handed their default config,
 * with registration skipped, so `npm start` works on one machine.
 */
import type { Logger } from 'pino';
import type { OpenHimConfig } from '../../api/config.js';
import { OpenHimClient } from './core-client.js';
import { connectMediator, type MediatorLink, type MediatorRegistration, type MediatorStatus, type RegistrationTiming } from './registration.js';

export interface MediatorRegistrar {
  /** True when no OpenHIM core is configured. */
  readonly standalone: boolean;
  attach(registration: MediatorRegistration): MediatorLink;
}

export function createRegistrar(openhim: OpenHimConfig | undefined, logger: Logger, timing?: Partial<RegistrationTiming>): MediatorRegistrar {
  if (!openhim) {
    logger.info('OPENHIM_URL is not set: mediators run standalone, without registering with OpenHIM');
    return { standalone: true, attach: standaloneLink };
  }
  if (openhim.tlsInsecure) {
    logger.warn(
      { variable: 'OPENHIM_TLS_INSECURE' },
      "OPENHIM_TLS_INSECURE=true: OpenHIM core's TLS certificate is NOT verified and anyone on the network path can read the " +
        'mediator credentials. Development only: set OPENHIM_CA_FILE instead.',
    );
  }
  const client = new OpenHimClient({
    url: openhim.url,
    username: openhim.username,
    password: openhim.password,
    tls: { ca: openhim.ca, insecure: openhim.tlsInsecure },
  });
  const fullTiming: RegistrationTiming = { heartbeatIntervalMs: openhim.heartbeatIntervalMs, ...timing };
  logger.info({ core: openhim.url, heartbeatIntervalMs: fullTiming.heartbeatIntervalMs }, 'mediators register with OpenHIM core');
  return { standalone: false, attach: (registration) => connectMediator(client, registration, fullTiming, logger) };
}

function standaloneLink(registration: MediatorRegistration): MediatorLink {
  registration.onConfig(registration.mediator.config ?? {});
  const status: MediatorStatus = { urn: registration.mediator.urn, state: 'standalone', heartbeats: 0 };
  return {
    status: () => ({ ...status }),
    stop: async () => {
      status.state = 'stopped';
    },
  };
}
