/**
 * The three calls a mediator makes to OpenHIM core 8.5's API, written here rather than taken from
 * openhim-mediator-utils (stale, and it still asks for the deprecated token authentication first):
 * `POST /mediators` registers, `POST /mediators/:urn/heartbeat` reports uptime and brings back the
 * config when an administrator changed it, `POST /mediators/:urn/channels` installs default
 * channels. Every request carries HTTP Basic authentication.
 */
import { httpExchange, type HttpAnswer, type TlsTrust } from './http-request.js';
import { validateMediatorConfig, type ConfigValues, type MediatorConfig } from './mediator-config.js';

export interface OpenHimClientOptions {
  /** Base URL of core's API, e.g. https://openhim-core:8080 */
  url: string;
  username: string;
  password: string;
  tls?: TlsTrust;
  timeoutMs?: number;
}

/** Why a call failed; only `rejected` means retrying cannot help. */
export type OpenHimFailure = 'unreachable' | 'tls' | 'unauthorized' | 'forbidden' | 'unknown-mediator' | 'rejected' | 'server-error';

export class OpenHimError extends Error {
  constructor(
    readonly failure: OpenHimFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OpenHimError';
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

export class OpenHimClient {
  private readonly base: string;
  private readonly authorization: string;

  constructor(private readonly options: OpenHimClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  get url(): string {
    return this.base;
  }

  /** Validates the document locally, then registers it; core answers 201 for new, newer and unchanged versions. */
  async registerMediator(config: MediatorConfig, signal?: AbortSignal): Promise<void> {
    validateMediatorConfig(config);
    const answer = await this.call('POST', '/mediators', config, signal);
    if (answer.status !== 201 && answer.status !== 200) throw this.failure(answer, `registering ${config.urn}`);
  }

  /**
   * Reports uptime (seconds). Answers the mediator's config when it changed since the last heartbeat
   * or when `forceConfig` asks for it, undefined otherwise (core then sends an empty body).
   */
  async heartbeat(urn: string, uptimeSeconds: number, forceConfig = false, signal?: AbortSignal): Promise<ConfigValues | undefined> {
    const body = forceConfig ? { uptime: uptimeSeconds, config: true } : { uptime: uptimeSeconds };
    const answer = await this.call('POST', `/mediators/${encodeURIComponent(urn)}/heartbeat`, body, signal);
    if (answer.status !== 200 && answer.status !== 204) throw this.failure(answer, `heartbeat of ${urn}`);
    if (answer.body.trim() === '') return undefined;
    const config: unknown = parseJson(answer.body);
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new OpenHimError('server-error', `OpenHIM core answered the heartbeat of ${urn} with something other than a config object`);
    }
    return config as ConfigValues;
  }

  /** Installs the named default channels (all of them when none are named), as the console's button does. */
  async installChannels(urn: string, names: string[] = [], signal?: AbortSignal): Promise<void> {
    const answer = await this.call('POST', `/mediators/${encodeURIComponent(urn)}/channels`, names, signal);
    if (answer.status !== 201 && answer.status !== 200) throw this.failure(answer, `installing the channels of ${urn}`);
  }

  private async call(method: 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<HttpAnswer> {
    const url = new URL(`${this.base}${path}`);
    try {
      return await httpExchange(url, {
        method,
        headers: { Authorization: this.authorization, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        tls: this.options.tls,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw this.networkFailure(error as NodeJS.ErrnoException);
    }
  }

  private networkFailure(error: NodeJS.ErrnoException): OpenHimError {
    const code = error.code ?? error.message;
    if (TLS_CODES.test(code)) {
      return new OpenHimError(
        'tls',
        `OpenHIM core at ${this.base} presents a TLS certificate this mediator does not trust (${code}): ` +
          'set OPENHIM_CA_FILE to the CA or self-signed certificate it uses',
      );
    }
    return new OpenHimError('unreachable', `OpenHIM core at ${this.base} is unreachable (${code})`);
  }

  private failure(answer: HttpAnswer, what: string): OpenHimError {
    const detail = answer.body.trim().slice(0, 300);
    const user = this.options.username;
    switch (true) {
      case answer.status === 401:
        return new OpenHimError('unauthorized', `OpenHIM core at ${this.base} refused the credentials of "${user}" (401): check OPENHIM_USERNAME and OPENHIM_PASSWORD`, 401);
      case answer.status === 403:
        return new OpenHimError('forbidden', `OpenHIM user "${user}" may not manage mediators (403 while ${what}): give it an admin role`, 403);
      case answer.status === 404:
        return new OpenHimError('unknown-mediator', `OpenHIM core does not know the mediator (404 while ${what})`, 404);
      case answer.status >= 400 && answer.status < 500:
        return new OpenHimError('rejected', `OpenHIM core refused ${what} (${answer.status}): ${detail}`, answer.status);
      default:
        return new OpenHimError('server-error', `OpenHIM core failed ${what} (${answer.status}): ${detail}`, answer.status);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
