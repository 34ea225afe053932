/** ETag, If-Match and the version headers of a stored resource. */
import { badRequest } from '../outcomes.js';
import type { StoredResource } from '../store/resource-store.js';

export function versionHeaders(stored: StoredResource): Record<string, string> {
  return { ETag: `W/"${stored.version}"`, 'Last-Modified': stored.lastUpdated.toUTCString() };
}

/** `W/"3"` (or `"3"`, or `3`) -> 3; undefined without the header. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw badRequest(`If-Match must name a version, like W/"3"; got ${header}`);
  return Number(match[1]);
}

export function parseVersionId(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw badRequest(`"${text}" is not a version id`);
  return Number(text);
}
