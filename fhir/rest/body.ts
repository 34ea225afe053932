/**
 * Reads a FHIR request body as a resource: JSON or XML by Content-Type, with limits on nesting
 * so a hostile body cannot exhaust the stack, then validated against R4 and its profiles.
 */
import type { Request } from 'express';
import type { Resource } from '@medplum/fhirtypes';
import { xmlToResource } from '../format/xml.js';
import { requestFormat } from '../format/negotiate.js';
import { badRequest } from '../outcomes.js';
import { validateFhirResource } from '../validation/validate.js';

const MAX_DEPTH = 64;

/** The body as a plain object, without validation (Bundles are validated entry by entry). */
export function parseBody(req: Request): Record<string, unknown> {
  const text = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (text.trim() === '') throw badRequest('The request has no body');
  const format = requestFormat(req.get('content-type'));
  const parsed = format === 'xml' ? xmlToResource(text) : parseJson(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('The body must be a FHIR resource (a JSON object)');
  checkDepth(parsed, 0);
  return parsed as Record<string, unknown>;
}

export function readResource(req: Request, expectedType?: string): Resource {
  return validateFhirResource(parseBody(req), { expectedType });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

function checkDepth(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw badRequest(`The body is nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value !== 'object') return;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (child !== null && typeof child === 'object') checkDepth(child, depth + 1);
  }
}
