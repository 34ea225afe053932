/**
 * A mediator's registration document, as OpenHIM core 8.5 stores it (`src/model/mediators.js`,
 * `src/model/channels.js`) and checks it (`src/api/mediators.js` addMediator): typed here and
 * validated with ajv before it is sent, so a mistake shows up as a clear local error rather
 * than as a 400 from core or, worse, as fields core's Mongoose models silently drop.
 */
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';

/** A route of a channel, or an endpoint of a mediator (core's RouteDef). */
export interface RouteDef {
  name: string;
  type?: 'http' | 'kafka';
  host: string;
  port: number;
  /** Fixed path on the target; without it the request's path (after pathTransform) is used. */
  path?: string;
  /** sed-like `s/from/to/` applied to the request path. */
  pathTransform?: string;
  primary?: boolean;
  secured?: boolean;
  username?: string;
  password?: string;
  /** Pass the client's Authorization header on (core strips it by default). */
  forwardAuthHeader?: boolean;
  status?: 'enabled' | 'disabled';
  waitPrimaryResponse?: boolean;
  statusCodesCheck?: string;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH';

/** A channel an administrator can install from the mediator's page (core's ChannelDef, the parts mediators use). */
export interface ChannelDef {
  name: string;
  description?: string;
  /** Regular expression matched against the request path. */
  urlPattern: string;
  type?: 'http' | 'tcp' | 'tls' | 'polling';
  methods?: HttpMethod[];
  priority?: number;
  pollingSchedule?: string;
  /** Client roles (or client ids) allowed through. */
  allow?: string[];
  whitelist?: string[];
  authType?: 'private' | 'public';
  routes?: RouteDef[];
  requestBody?: boolean;
  responseBody?: boolean;
  timeout?: number;
  status?: 'enabled' | 'disabled' | 'deleted';
  rewriteUrls?: boolean;
  addAutoRewriteRules?: boolean;
  autoRetryEnabled?: boolean;
  autoRetryPeriodMinutes?: number;
  autoRetryMaxAttempts?: number;
  maxBodyAgeDays?: number;
  txViewAcl?: string[];
  txViewFullAcl?: string[];
  txRerunAcl?: string[];
}

export type ConfigParamType = 'string' | 'bool' | 'number' | 'option' | 'bigstring' | 'map' | 'struct' | 'password';

/** One setting an administrator edits in the OpenHIM console. */
export interface ConfigDef {
  param: string;
  displayName?: string;
  description?: string;
  type: ConfigParamType;
  /** The choices of an `option`. */
  values?: string[];
  /** The fields of a `struct`. */
  template?: ConfigDef[];
  array?: boolean;
}

export type ConfigValues = Record<string, unknown>;

export interface MediatorConfig {
  urn: string;
  /** x.y.z: core updates a registered mediator only when this grows. */
  version: string;
  name: string;
  description?: string;
  endpoints: RouteDef[];
  defaultChannelConfig?: ChannelDef[];
  configDefs?: ConfigDef[];
  /** Initial values of configDefs; core keeps an administrator's values over these. */
  config?: ConfigValues;
}

export class MediatorConfigError extends Error {
  constructor(
    readonly urn: string,
    readonly problems: string[],
  ) {
    super(`mediator ${urn || '(no urn)'} has an invalid OpenHIM registration: ${problems.join('; ')}`);
    this.name = 'MediatorConfigError';
  }
}

const SEMVER = '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';
const PARAM_TYPES: ConfigParamType[] = ['string', 'bool', 'number', 'option', 'bigstring', 'map', 'struct', 'password'];
const text = { type: 'string' };
const flag = { type: 'boolean' };
const texts = { type: 'array', items: text };

const routeSchema: SchemaObject = {
  type: 'object',
  required: ['name', 'host', 'port'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    type: { enum: ['http', 'kafka'] },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65536 },
    path: text,
    pathTransform: { type: 'string', pattern: '^s/' },
    primary: flag,
    secured: flag,
    username: text,
    password: text,
    forwardAuthHeader: flag,
    status: { enum: ['enabled', 'disabled'] },
    waitPrimaryResponse: flag,
    statusCodesCheck: text,
  },
};

const channelSchema: SchemaObject = {
  type: 'object',
  required: ['name', 'urlPattern'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: text,
    urlPattern: { type: 'string', minLength: 1 },
    type: { enum: ['http', 'tcp', 'tls', 'polling'] },
    methods: { type: 'array', items: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] } },
    priority: { type: 'integer', minimum: 1 },
    pollingSchedule: text,
    allow: texts,
    whitelist: texts,
    authType: { enum: ['private', 'public'] },
    routes: { type: 'array', items: routeSchema },
    requestBody: flag,
    responseBody: flag,
    timeout: { type: 'integer', minimum: 1, maximum: 3600000 },
    status: { enum: ['enabled', 'disabled', 'deleted'] },
    rewriteUrls: flag,
    addAutoRewriteRules: flag,
    autoRetryEnabled: flag,
    autoRetryPeriodMinutes: { type: 'integer', minimum: 1 },
    autoRetryMaxAttempts: { type: 'integer', minimum: 0 },
    maxBodyAgeDays: { type: 'integer', minimum: 1, maximum: 36500 },
    txViewAcl: texts,
    txViewFullAcl: texts,
    txRerunAcl: texts,
  },
};

const configDefSchema: SchemaObject = {
  type: 'object',
  required: ['param', 'type'],
  additionalProperties: false,
  properties: {
    param: { type: 'string', minLength: 1 },
    displayName: text,
    description: text,
    type: { enum: PARAM_TYPES },
    values: texts,
    template: { type: 'array', items: { $ref: '#/$defs/configDef' } },
    array: flag,
  },
};

/** The registration body `POST /mediators` accepts. */
export const MEDIATOR_CONFIG_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['urn', 'version', 'name', 'endpoints'],
  additionalProperties: false,
  $defs: { configDef: configDefSchema },
  properties: {
    urn: { type: 'string', minLength: 1 },
    version: { type: 'string', pattern: SEMVER },
    name: { type: 'string', minLength: 1 },
    description: text,
    endpoints: { type: 'array', minItems: 1, items: routeSchema },
    defaultChannelConfig: { type: 'array', items: channelSchema },
    configDefs: { type: 'array', items: { $ref: '#/$defs/configDef' } },
    config: { type: 'object' },
  },
};

const validateSchema = new Ajv({ allErrors: true, strict: true }).compile(MEDIATOR_CONFIG_SCHEMA);

/** Throws a MediatorConfigError listing every problem, as core would have refused (or dropped) them. */
export function validateMediatorConfig(config: MediatorConfig): void {
  const problems = validateSchema(config) ? semanticProblems(config) : (validateSchema.errors ?? []).map(describe);
  if (problems.length > 0) throw new MediatorConfigError(config?.urn ?? '', problems);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(mediator)';
  if (error.keyword === 'pattern' && where === '/version') return '/version must be a semantic version x.y.z';
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  return `${where} ${error.message ?? 'is invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}`;
}

/** What core checks beyond its models: struct templates, option values, config values against their defs. */
function semanticProblems(config: MediatorConfig): string[] {
  const problems: string[] = [];
  for (const channel of config.defaultChannelConfig ?? []) {
    if (!isRegExp(channel.urlPattern)) problems.push(`channel "${channel.name}" urlPattern is not a regular expression`);
  }
  const defs = config.configDefs ?? [];
  for (const def of defs) problems.push(...defProblems(def, false));
  for (const [param, value] of Object.entries(config.config ?? {})) {
    const def = defs.find((candidate) => candidate.param === param);
    if (!def) problems.push(`config.${param} has no configDef`);
    else problems.push(...valueProblems(`config.${param}`, def, value));
  }
  return problems;
}

function defProblems(def: ConfigDef, inTemplate: boolean): string[] {
  if (def.type === 'option' && !def.values?.length) return [`configDef ${def.param} is an option without values`];
  if (def.type !== 'struct') return [];
  if (inTemplate) return [`configDef ${def.param}: a struct may not contain a struct`];
  if (!def.template?.length) return [`configDef ${def.param} is a struct without a template`];
  return def.template.flatMap((field) => defProblems(field, true));
}

/** Config values as core's validateConfig judges them (arrays element by element). */
export function valueProblems(where: string, def: ConfigDef, value: unknown): string[] {
  if (def.array) {
    if (!Array.isArray(value)) return [`${where} must be an array of ${def.type}`];
    return value.flatMap((item, index) => valueProblems(`${where}[${index}]`, { ...def, array: false }, item));
  }
  switch (def.type) {
    case 'string':
    case 'bigstring':
    case 'password':
      return typeof value === 'string' ? [] : [`${where} must be a string`];
    case 'number':
      return typeof value === 'number' ? [] : [`${where} must be a number`];
    case 'bool':
      return typeof value === 'boolean' ? [] : [`${where} must be a boolean`];
    case 'option':
      return def.values?.includes(value as string) ? [] : [`${where} must be one of ${def.values?.join(', ')}`];
    case 'map':
      return isObject(value) && Object.values(value).every((item) => typeof item === 'string') ? [] : [`${where} must be a map of strings`];
    case 'struct': {
      if (!isObject(value)) return [`${where} must be an object`];
      const fields = new Set((def.template ?? []).map((field) => field.param));
      return Object.keys(value).filter((key) => !fields.has(key)).map((key) => `${where}.${key} is not in the template`);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
