/**
 * The mcsd-consumer's registration with OpenHIM core: its endpoint is where its runs are shown
 * (GET /api/registrySync/runs), and the one setting an administrator changes in the OpenHIM
 * console pauses or resumes the scheduled pulls (sources themselves are configured in Lastmile,
 * where their checkpoints and conflicts live, or through MCSD_SOURCES).
 */
import type { ConfigDef, MediatorConfig } from '../openhim/index.js';

export const CONSUMER_URN = 'urn:mediator:lastmile-mcsd-consumer';
export const RUNS_PATH = '/api/registrySync/runs';

export const CONSUMER_CONFIG_DEFS: ConfigDef[] = [
  { param: 'paused', displayName: 'Pause scheduled pulls', description: 'Stops the pulls each source makes on its interval; pulls started by hand still run.', type: 'bool' },
];

export const CONSUMER_DEFAULT_CONFIG = { paused: false };

export function consumerMediatorConfig({ mediatorUrl, version }: { mediatorUrl: string; version: string }): MediatorConfig {
  const url = new URL(mediatorUrl);
  return {
    urn: CONSUMER_URN,
    version,
    name: 'Lastmile mCSD consumer',
    description: 'Keeps Lastmile\'s facilities and zones in step with national facility registries (IHE mCSD ITI-91 update consumer).',
    endpoints: [{
      name: 'Lastmile registry sync runs',
      type: 'http',
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      secured: url.protocol === 'https:',
      path: `${url.pathname.replace(/\/+$/, '')}${RUNS_PATH}`,
      primary: true,
    }],
    configDefs: CONSUMER_CONFIG_DEFS,
    config: { ...CONSUMER_DEFAULT_CONFIG },
  };
}
