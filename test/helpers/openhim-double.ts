/**
 * A stand-in for OpenHIM core 8.5 (which needs MongoDB and cannot run here), written from its
 * documentation and API code (`src/api/mediators.js`, `src/model/mediators.js`,
 * `src/model/channels.js`, `src/middleware/router.js`), independently of the mediators' own code:
 * - the management API: HTTP Basic authentication on every call (401 otherwise, 403 for non-admins),
 *   `POST /mediators` (urn, semver version, at least one endpoint for a new mediator, configDefs and
 *   config checked; a greater version updates and keeps existing config values), `POST
 *   /mediators/:urn/heartbeat` (400 without uptime, 404 for an unknown urn, the config in the body
 *   when it changed since the last heartbeat or `config: true` was asked, otherwise an empty body),
 *   `PUT /mediators/:urn/config` (what the console sends when an administrator edits the config),
 *   `POST /mediators/:urn/channels` (install default channels), `GET /heartbeat` (public);
 * - the router for installed channels: urlPattern, allowed roles, methods, pathTransform, and the
 *   `application/json+openhim` answer unwrapped and checked against the documented format.
 * Everything received is recorded for tests to inspect.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { pino, type Logger } from 'pino';

export interface DoubleUser {
  password: string;
  admin: boolean;
}

export interface DoubleOptions {
  users?: Record<string, DoubleUser>;
  /** PEM key and certificate: serve the API over HTTPS, as core does. */
  tls?: { key: string; cert: string };
  port?: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  user?: string;
  /** The deprecated token headers (auth-username, auth-token...) were sent. */
  deprecatedAuth: boolean;
  body: unknown;
  status: number;
  at: number;
}

export interface StoredMediator {
  doc: Record<string, any>;
  configModifiedAt?: number;
  lastHeartbeatAt?: number;
  uptime?: number;
}

export interface RoutedTransaction {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The mediator's response object when it answered application/json+openhim. */
  mediatorResponse?: any;
  /** Ways the mediator response departs from the documented format. */
  formatProblems: string[];
  forwardedPath?: string;
  forwardedHeaders?: Record<string, string>;
}

export const ROOT_USER = 'root@openhim.org';
export const ROOT_PASSWORD = 'openhim-password';

export class OpenHimDouble {
  readonly calls: RecordedCall[] = [];
  readonly mediators = new Map<string, StoredMediator>();
  readonly channels: Record<string, any>[] = [];
  private server?: http.Server;
  private port: number;
  private readonly users: Record<string, DoubleUser>;

  private constructor(private readonly options: DoubleOptions) {
    this.users = options.users ?? { [ROOT_USER]: { password: ROOT_PASSWORD, admin: true } };
    this.port = options.port ?? 0;
  }

  static async start(options: DoubleOptions = {}): Promise<OpenHimDouble> {
    const double = new OpenHimDouble(options);
    await double.up();
    return double;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  registrations(urn?: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === 'POST' && call.path === '/mediators' && (!urn || (call.body as any)?.urn === urn));
  }

  heartbeats(urn?: string): RecordedCall[] {
    return this.calls.filter((call) => /^\/mediators\/[^/]+\/heartbeat$/.test(call.path) && (!urn || call.path.includes(encodeURIComponent(urn))));
  }

  /** Starts (again) on the same port: "core comes back". */
  async up(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = this.options.tls ? https.createServer(this.options.tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** "Core goes down": the port refuses connections until up(); what was stored stays. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** What the console does when an administrator saves a mediator's config. */
  setConfig(urn: string, config: Record<string, unknown>): void {
    const mediator = this.mediators.get(urn);
    if (!mediator) throw new Error(`no mediator ${urn}`);
    const problems = configProblems(mediator.doc.configDefs ?? [], config);
    if (problems.length) throw new Error(problems.join('; '));
    mediator.doc.config = config;
    mediator.configModifiedAt = Date.now() + 1; // strictly after any heartbeat in this millisecond
  }

  /** The console's "install channel" button. */
  installChannels(urn: string, names: string[] = []): void {
    const defaults: Record<string, any>[] = this.mediators.get(urn)?.doc.defaultChannelConfig ?? [];
    const chosen = names.length ? defaults.filter((channel) => names.includes(channel.name)) : defaults;
    if (chosen.length < names.length) throw new Error('a named channel is not in the default channel config');
    this.channels.push(...structuredClone(chosen));
  }

  /** A consumer's request arriving at core's router on an installed channel. */
  async route(request: { method: string; path: string; query?: string; clientId: string; clientRoles: string[]; headers?: Record<string, string>; body?: string }): Promise<RoutedTransaction> {
    const channel = this.channels.find((candidate) => new RegExp(candidate.urlPattern).test(request.path));
    if (!channel) return { status: 404, headers: {}, body: 'no channel matches', formatProblems: [] };
    if (!(channel.allow ?? []).some((role: string) => role === request.clientId || request.clientRoles.includes(role))) {
      return { status: 401, headers: {}, body: 'client is not allowed on this channel', formatProblems: [] };
    }
    if (channel.methods?.length && !channel.methods.includes(request.method)) return { status: 405, headers: {}, body: 'method not allowed', formatProblems: [] };
    const route = channel.routes.find((candidate: any) => candidate.primary);
    const forwardedPath = route.path || (route.pathTransform ? transformPath(request.path, route.pathTransform) : request.path);
    const headers: Record<string, string> = { ...request.headers, 'X-OpenHIM-TransactionID': `tx-${this.calls.length}`, 'X-OpenHIM-ClientID': request.clientId };
    if (!route.forwardAuthHeader) for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
    const url = `${route.secured ? 'https' : 'http'}://${route.host}:${route.port}${forwardedPath}${request.query ? `?${request.query}` : ''}`;
    const answer = await fetch(url, { method: request.method, headers, body: request.body });
    const text = await answer.text();
    if (!(answer.headers.get('content-type') ?? '').includes('application/json+openhim')) {
      return { status: answer.status, headers: Object.fromEntries(answer.headers), body: text, formatProblems: [], forwardedPath, forwardedHeaders: headers };
    }
    const mediatorResponse = JSON.parse(text);
    const formatProblems = validateMediatorResponse(mediatorResponse) ? [] : (validateMediatorResponse.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    const { response } = mediatorResponse;
    return { status: response.status, headers: response.headers ?? {}, body: response.body ?? '', mediatorResponse, formatProblems, forwardedPath, forwardedHeaders: headers };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://double');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return this.answer(res, { method: req.method!, path: url.pathname, body: text, deprecatedAuth: false }, 400, 'Malformed JSON');
    }
    const call = { method: req.method!, path: url.pathname, body, deprecatedAuth: 'auth-token' in req.headers || 'auth-username' in req.headers };
    if (req.method === 'GET' && url.pathname === '/heartbeat') return this.answer(res, call, 200, { master: 1, now: Date.now() });
    const user = this.authenticate(req.headers.authorization);
    if (!user) return this.answer(res, call, 401, 'Unauthorized');
    const recorded = { ...call, user };
    if (!this.users[user].admin) return this.answer(res, recorded, 403, `User ${user} is not an admin, API access denied.`);
    const [, collection, urn, action] = url.pathname.split('/').map(decodeURIComponent);
    if (collection !== 'mediators') return this.answer(res, recorded, 404, 'Not found');
    if (req.method === 'POST' && !urn) return this.addMediator(res, recorded, body);
    const mediator = this.mediators.get(urn);
    if (!mediator) return this.answer(res, recorded, 404, 'No mediator found for this urn.');
    if (req.method === 'POST' && action === 'heartbeat') return this.heartbeat(res, recorded, mediator, body);
    if (req.method === 'PUT' && action === 'config') {
      try {
        this.setConfig(urn, body as Record<string, unknown>);
        return this.answer(res, recorded, 200, '');
      } catch (error) {
        return this.answer(res, recorded, 400, (error as Error).message);
      }
    }
    if (req.method === 'POST' && action === 'channels') {
      try {
        this.installChannels(urn, (body as string[]) ?? []);
        return this.answer(res, recorded, 201, '');
      } catch (error) {
        return this.answer(res, recorded, 400, (error as Error).message);
      }
    }
    return this.answer(res, recorded, 404, 'Not found');
  }

  private addMediator(res: http.ServerResponse, call: Omit<RecordedCall, 'status' | 'at'>, doc: any): void {
    const problems = validateMediatorDoc(doc) ? configDefProblems(doc) : (validateMediatorDoc.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    if (problems.length) return this.answer(res, call, 400, `Could not add Mediator via the API: ValidationError: ${problems.join('; ')}`);
    const existing = this.mediators.get(doc.urn);
    if (existing && compareVersions(doc.version, existing.doc.version) > 0) {
      // A newer version replaces the registration but keeps an administrator's config values.
      existing.doc = { ...structuredClone(doc), config: { ...doc.config, ...existing.doc.config } };
    } else if (!existing) {
      if (!doc.endpoints?.length) return this.answer(res, call, 400, 'Could not add Mediator via the API: ValidationError: At least 1 endpoint is required');
      this.mediators.set(doc.urn, { doc: structuredClone(doc) });
    }
    this.answer(res, call, 201, '');
  }

  private heartbeat(res: http.ServerResponse, call: Omit<RecordedCall, 'status' | 'at'>, mediator: StoredMediator, body: any): void {
    if (typeof body?.uptime !== 'number') return this.answer(res, call, 400, '');
    const changed = mediator.configModifiedAt !== undefined && mediator.configModifiedAt > (mediator.lastHeartbeatAt ?? 0);
    mediator.lastHeartbeatAt = Date.now();
    mediator.uptime = body.uptime;
    this.answer(res, call, 200, changed || body.config === true ? mediator.doc.config : '');
  }

  private authenticate(header: string | undefined): string | undefined {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!match) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return this.users[user]?.password === password ? user : undefined;
  }

  private answer(res: http.ServerResponse, call: Omit<RecordedCall, 'status' | 'at'>, status: number, body: unknown): void {
    this.calls.push({ ...call, status, at: Date.now() });
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(text);
  }
}

/** core's router: sed-like s/from/to[/g], with \/ for a slash inside a part. */
export function transformPath(requestPath: string, expression: string): string {
  const parts = expression.replace(/\\\//g, '\u0000').split('/').map((part) => part.replace(/\u0000/g, '/'));
  const [, from, to = '', flags = ''] = parts;
  return requestPath.replace(new RegExp(from, flags.includes('g') ? 'g' : ''), to);
}

/** A CA and a server certificate it signs for localhost and 127.0.0.1, made with openssl. */
export function makeCertificates(): { caFile: string; ca: string; key: string; cert: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhim-double-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=OpenHIM double test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  fs.writeFileSync(file('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  const read = (name: string) => fs.readFileSync(file(name), 'utf8');
  return { caFile: file('ca.pem'), ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem'), dir };
}

/** A logger whose lines a test can read. */
export function captureLogger(): { logger: Logger; lines: () => Record<string, any>[]; messages: () => string[] } {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines: () => lines, messages: () => lines.map((line) => String(line.msg)) };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(/[-+]/)[0].split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

// --- The documented shapes -----------------------------------------------------------------------

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const str = { type: 'string' };
const bool = { type: 'boolean' };
const routeDef = {
  type: 'object',
  required: ['name'],
  properties: {
    name: str, type: { enum: ['http', 'kafka'] }, secured: bool, host: str, port: { type: 'number', minimum: 0, maximum: 65536 },
    path: str, pathTransform: str, primary: bool, username: str, password: str, forwardAuthHeader: bool,
    status: { enum: ['enabled', 'disabled'] }, waitPrimaryResponse: bool, statusCodesCheck: str,
  },
};
const channelDef = {
  type: 'object',
  required: ['name', 'urlPattern'],
  properties: {
    name: str, description: str, urlPattern: str, type: { enum: ['http', 'tcp', 'tls', 'polling'] },
    methods: { type: 'array', items: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] } },
    allow: { type: 'array', items: str }, authType: { enum: ['private', 'public'] }, routes: { type: 'array', items: routeDef },
    requestBody: bool, responseBody: bool, status: { enum: ['enabled', 'disabled', 'deleted'] }, priority: { type: 'number', minimum: 1 },
  },
};
const configDef = {
  type: 'object',
  required: ['param', 'type'],
  properties: { param: str, displayName: str, description: str, type: { enum: ['string', 'bool', 'number', 'option', 'bigstring', 'map', 'struct', 'password'] }, values: { type: 'array', items: str }, template: { type: 'array' }, array: bool },
};
const validateMediatorDoc = ajv.compile({
  type: 'object',
  required: ['urn', 'version', 'name'],
  properties: {
    urn: { type: 'string', minLength: 1 },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$' },
    name: str, description: str,
    endpoints: { type: 'array', items: routeDef },
    defaultChannelConfig: { type: 'array', items: channelDef },
    configDefs: { type: 'array', items: configDef },
    config: { type: 'object' },
  },
});

const requestDetail = { type: 'object', required: ['timestamp'], properties: { host: str, port: { type: ['string', 'number'] }, path: str, headers: { type: 'object' }, querystring: str, body: str, method: str, timestamp: str } };
const responseDetail = { type: 'object', required: ['status'], properties: { status: { type: 'integer' }, headers: { type: 'object' }, body: str, timestamp: str } };
const validateMediatorResponse = ajv.compile({
  type: 'object',
  required: ['response'],
  properties: {
    'x-mediator-urn': str,
    status: { enum: ['Processing', 'Failed', 'Completed', 'Successful', 'Completed with error(s)'] },
    response: responseDetail,
    orchestrations: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: str, group: str, request: requestDetail, response: responseDetail, error: { type: 'object', required: ['message'] } } } },
    properties: { type: 'object' },
    error: { type: 'object' },
  },
});

/** addMediator's checks beyond the model: struct templates, option values, config against the defs. */
function configDefProblems(doc: any): string[] {
  const defs: any[] = doc.configDefs ?? [];
  const problems: string[] = [];
  for (const def of defs) {
    if (def.type === 'struct' && !def.template) problems.push(`Must specify a template for struct param '${def.param}'`);
    if (def.type === 'option' && !(Array.isArray(def.values) && def.values.length)) problems.push(`Must specify a values array for option param '${def.param}'`);
  }
  return problems.length ? problems : configProblems(defs, doc.config ?? {});
}

function configProblems(defs: any[], config: Record<string, unknown>): string[] {
  return Object.entries(config).flatMap(([param, value]) => {
    const def = defs.find((candidate) => candidate.param === param);
    if (!def) return [`No config definition found for parameter ${param}`];
    const values = def.array ? (Array.isArray(value) ? value : [Symbol('not an array')]) : [value];
    return values.flatMap((item) => (fieldOk(def, item) ? [] : [`Expected config param ${param} to be a valid ${def.type}`]));
  });
}

function fieldOk(def: any, value: unknown): boolean {
  switch (def.type) {
    case 'string': case 'bigstring': case 'password': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'bool': return typeof value === 'boolean';
    case 'option': return def.values.includes(value);
    case 'map': return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
    case 'struct': return typeof value === 'object' && value !== null && Object.keys(value).every((k) => def.template.some((t: any) => t.param === k));
    default: return false;
  }
}
