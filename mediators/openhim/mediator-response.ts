/**
 * The OpenHIM mediator response (`Content-Type: application/json+openhim`): core unwraps
 * `response` into the answer its client gets, stores `orchestrations` (every outbound call the
 * mediator made) and `properties` with the transaction, and takes `status` as the transaction's
 * status, so the console shows what the mediator did. Shapes from core 8.5's transaction model
 * (`src/model/transactions.js`) and router (`src/middleware/router.js`).
 */
import type { Response } from 'express';

export const OPENHIM_CONTENT_TYPE = 'application/json+openhim';

export type TransactionStatus = 'Processing' | 'Failed' | 'Completed' | 'Successful' | 'Completed with error(s)';

export type Headers = Record<string, string>;

export interface OrchestrationRequest {
  host?: string;
  port?: string;
  path: string;
  querystring?: string;
  method: string;
  headers?: Headers;
  body?: string;
  timestamp: string;
}

export interface ResponseDetail {
  status: number;
  headers?: Headers;
  body?: string;
  timestamp: string;
}

export interface Orchestration {
  name: string;
  group?: string;
  request: OrchestrationRequest;
  response?: ResponseDetail;
  /** When the call got no answer at all. */
  error?: { message: string; stack?: string };
}

export interface MediatorResponse {
  'x-mediator-urn': string;
  status: TransactionStatus;
  response: ResponseDetail;
  orchestrations: Orchestration[];
  properties?: Record<string, string | number | boolean>;
}

/** Orchestration bodies above this are cut: the whole body is already in `response`, and core stores both. */
export const ORCHESTRATION_BODY_LIMIT = 64 * 1024;

/** Headers OpenHIM would otherwise store with the transaction for anyone with console access to read. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

export function mediatorResponse(
  urn: string,
  response: ResponseDetail,
  orchestrations: Orchestration[] = [],
  properties?: MediatorResponse['properties'],
): MediatorResponse {
  return { 'x-mediator-urn': urn, status: transactionStatus(response.status, orchestrations), response, orchestrations, ...(properties ? { properties } : {}) };
}

/** As core judges a route's answer (5xx failed, 2xx successful, other completed), lowered by failed calls. */
export function transactionStatus(httpStatus: number, orchestrations: Orchestration[] = []): TransactionStatus {
  if (httpStatus >= 500) return 'Failed';
  const callFailed = orchestrations.some((call) => call.error !== undefined || (call.response?.status ?? 0) >= 500);
  if (httpStatus >= 200 && httpStatus < 300) return callFailed ? 'Completed with error(s)' : 'Successful';
  return 'Completed';
}

/** Sends it with the client-facing status, so callers that are not OpenHIM still see the right code. */
export function sendMediatorResponse(res: Response, body: MediatorResponse): void {
  res.status(body.response.status).type(OPENHIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** An orchestration's request or response headers, without credentials. */
export function recordedHeaders(headers: Iterable<[string, string]> | Headers): Headers {
  const entries = Symbol.iterator in headers ? [...(headers as Iterable<[string, string]>)] : Object.entries(headers);
  return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value]));
}

export function recordedBody(body: string | undefined): string | undefined {
  if (body === undefined || body.length <= ORCHESTRATION_BODY_LIMIT) return body;
  return `${body.slice(0, ORCHESTRATION_BODY_LIMIT)}\n[truncated: ${body.length} characters in all]`;
}
