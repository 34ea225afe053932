/** What every FHIR interaction handler receives: the store, the request, and how to answer. */
import type { Request } from 'express';
import type { ResourceStore } from '../store/resource-store.js';
import type { FhirCaller } from './access.js';

export interface FhirContext {
  store: ResourceStore;
  /** Absolute base of the FHIR endpoint as the client sees it, e.g. https://lmis.example.org/fhir */
  baseUrl: string;
  /** The registry the caller writes as (Lastmile itself for users of this server). */
  owner: string;
  /** Who is calling, and what they may read and write (see access.ts). */
  caller: FhirCaller;
  req: Request;
}

export interface FhirResponse {
  status: number;
  headers?: Record<string, string>;
  /** A resource, or stored JSON text sent as it is when no conversion is asked for. */
  body?: object | string;
}

/** The first value of a query parameter (FHIR clients sometimes repeat them). */
export function queryValue(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The `return` preference of a `Prefer` header (minimal, representation, OperationOutcome). */
export function preferredReturn(req: Request): 'minimal' | 'representation' | 'OperationOutcome' {
  const match = /return=(minimal|representation|OperationOutcome)/i.exec(req.get('prefer') ?? '');
  const value = match?.[1]?.toLowerCase();
  if (value === 'minimal') return 'minimal';
  if (value === 'operationoutcome') return 'OperationOutcome';
  return 'representation';
}

export function prefersStrictHandling(req: Request): boolean {
  return /handling=strict/i.test(req.get('prefer') ?? '');
}
