/** Reading ids and versions from REST requests the same way on every /api route. */
import type { Request } from 'express';
import { ApiError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** The version an update expects: If-Match (W/"3"), or the body's `version` as OpenLMIS clients send it. */
export function expectedVersion(req: Request): number | undefined {
  const header = req.get('if-match');
  const match = header ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (header && !match) throw new ApiError(400, 'lastmile.error.ifMatch', `If-Match must name a version like W/"3"; got ${header}`);
  if (match) return Number(match[1]);
  const bodyVersion = (req.body as { version?: unknown })?.version;
  return typeof bodyVersion === 'number' ? bodyVersion : undefined;
}
