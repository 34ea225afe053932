/**
 * Search paging cursors. A cursor is the keyset position where the previous page ended (its sort
 * key, last sort value and last id), base64url-encoded: nothing is kept on the server, so a cursor
 * never expires and works on any instance behind a load balancer.
 */
import type { SearchCursor } from './request.js';

const VERSION = 1;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([VERSION, cursor.sort, cursor.value, cursor.id])).toString('base64url');
}

export function decodeSearchCursor(text: string): SearchCursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 4) return undefined;
    const [version, sort, value, id] = decoded as unknown[];
    const valid = version === VERSION && typeof sort === 'string' && (value === null || typeof value === 'string') && typeof id === 'string' && ID.test(id);
    return valid ? { sort, value, id } : undefined;
  } catch {
    return undefined;
  }
}
