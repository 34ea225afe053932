/**
 * The route OpenHIM's channel sends consumers' requests to (`/mediators/mcsd-supplier/fhir/...`):
 * it calls Lastmile's /fhir with the same path and query and answers in the OpenHIM mediator
 * format, recording the call as an orchestration. Read-only: reads, searches (GET and POST
 * `_search`), history and the CapabilityStatement; writes answer 405, since consumers of a
 * facility directory pull and never push through this channel.
 */
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import {
  mediatorResponse,
  recordedBody,
  recordedHeaders,
  sendMediatorResponse,
  type MediatorResponse,
  type Orchestration,
  type ResponseDetail,
} from '../openhim/index.js';
import type { UpstreamAuthorization } from './authorization.js';
import type { SupplierSettings } from './settings.js';

export interface SupplierRouteOptions {
  urn: string;
  /** Lastmile's /fhir as this process reaches it, e.g. http://127.0.0.1:8080/fhir */
  upstreamFhirUrl: string;
  /** The base Lastmile's FHIR layer writes into links (PUBLIC_URL/fhir, else the upstream URL). */
  fhirLinkBase: string;
  settings: () => SupplierSettings;
  authorize: UpstreamAuthorization;
  logger: Logger;
}

const REQUEST_HEADERS = ['accept', 'content-type', 'prefer', 'if-none-match', 'if-modified-since', 'accept-language'];
const RESPONSE_HEADERS = ['content-type', 'etag', 'last-modified', 'location', 'content-location'];
const LINK_HEADERS = new Set(['location', 'content-location']);

export function supplierRouter(options: SupplierRouteOptions): Router {
  const router = express.Router();
  router.all('/fhir{/*rest}', express.text({ type: () => true, limit: '5mb' }), async (req, res, next) => {
    try {
      sendMediatorResponse(res, isRead(req) ? await forward(req, options) : refuse(req, options.urn));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function isRead(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  return req.method === 'POST' && /\/_search$/.test(req.path);
}

function refuse(req: Request, urn: string): MediatorResponse {
  const outcome = operationOutcome('not-supported', `${req.method} is not offered on this channel: it serves mCSD reads, searches and history only`);
  return mediatorResponse(urn, { status: 405, headers: { 'content-type': 'application/fhir+json', allow: 'GET, HEAD, POST' }, body: outcome, timestamp: now() });
}

async function forward(req: Request, options: SupplierRouteOptions): Promise<MediatorResponse> {
  const settings = options.settings();
  // req.url is relative to this router: /fhir/<rest>?<query>, kept as the client encoded it.
  const target = new URL(`${options.upstreamFhirUrl}${req.url.slice('/fhir'.length)}`);
  const headers = await upstreamHeaders(req, settings, options.authorize);
  const body = req.method === 'POST' && typeof req.body === 'string' ? req.body : undefined;
  const request: Orchestration['request'] = {
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    querystring: target.search.slice(1),
    method: req.method,
    headers: recordedHeaders(headers),
    body: recordedBody(body),
    timestamp: now(),
  };
  const name = `Lastmile FHIR: ${req.method} ${target.pathname}`;
  const properties = {
    mcsdTransaction: mcsdTransaction(target.pathname),
    ...(req.get('x-openhim-clientid') ? { openhimClient: req.get('x-openhim-clientid')! } : {}),
  };

  let upstream: Response;
  try {
    upstream = await fetch(target, { method: req.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(settings.upstreamTimeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const message = timedOut ? `Lastmile's /fhir did not answer within ${settings.upstreamTimeoutMs} ms` : `Lastmile's /fhir is unreachable (${causeOf(error)})`;
    options.logger.warn({ url: target.pathname }, `mcsd-supplier: ${message}`);
    const response: ResponseDetail = { status: timedOut ? 504 : 502, headers: { 'content-type': 'application/fhir+json' }, body: operationOutcome(timedOut ? 'timeout' : 'transient', message), timestamp: now() };
    return mediatorResponse(options.urn, response, [{ name, request, error: { message } }], properties);
  }

  const text = await upstream.text();
  const orchestration: Orchestration = {
    name,
    request,
    response: { status: upstream.status, headers: recordedHeaders(upstream.headers), body: recordedBody(text), timestamp: now() },
  };
  const rewrite = linkRewriter(options.fhirLinkBase, settings.channelBaseUrl);
  const response: ResponseDetail = { status: upstream.status, headers: answerHeaders(upstream.headers, rewrite), body: rewrite(text), timestamp: now() };
  return mediatorResponse(options.urn, response, [orchestration], properties);
}

async function upstreamHeaders(req: Request, settings: SupplierSettings, authorize: UpstreamAuthorization): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = req.get(name);
    if (value) headers[name] = value;
  }
  const authorization = await authorize({ authorization: req.get('authorization'), openhimClientId: req.get('x-openhim-clientid') }, settings.authorization);
  if (authorization) headers.authorization = authorization;
  const transaction = req.get('x-openhim-transactionid');
  if (transaction) headers['x-request-id'] = transaction; // ties Lastmile's log line to the OpenHIM transaction
  return headers;
}

function answerHeaders(headers: Headers, rewrite: (text: string) => string): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const value = headers.get(name);
    if (value) kept[name] = LINK_HEADERS.has(name) ? rewrite(value) : value;
  }
  return kept;
}

/**
 * Lastmile writes its own base into Bundle links, fullUrls and Location headers; consumers that
 * followed those would leave the HIE (and OpenHIM's own rewriting ignores Bundle link URLs).
 */
function linkRewriter(from: string, to: string | undefined): (text: string) => string {
  if (!to || to === from) return (text) => text;
  const pattern = new RegExp(`${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[/?#"'<\\s]|$)`, 'g');
  return (text) => text.replace(pattern, to);
}

function mcsdTransaction(path: string): string {
  if (/\/_history$/.test(path)) return 'ITI-91 Request Care Services Updates';
  if (/\/metadata$/.test(path)) return 'capabilities';
  return 'ITI-90 Find Matching Care Services';
}

function operationOutcome(code: string, diagnostics: string): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function now(): string {
  return new Date().toISOString();
}
