/**
 * Parses a search request (query string or `_search` form body) into a SearchRequest. Parameters
 * that cannot be applied are collected, not thrown: the search runs without them and reports
 * them (search.mode = outcome), unless the client asked for `Prefer: handling=strict`.
 */
import { badRequest, invalid, issue } from '../outcomes.js';
import { buildCriterion, searchParameter } from './criteria.js';
import { decodeSearchCursor } from './cursor.js';
import {
  DEFAULT_COUNT,
  IgnoredParameter,
  MAX_COUNT,
  malformed,
  unsupported,
  type IncludeRule,
  type SearchRequest,
  type SortRule,
} from './request.js';

/** Result-shaping parameters the REST edge applies; accepted here so they are not "unknown". */
const SHAPING = new Set(['_elements', '_format', '_pretty']);
const SUMMARY_VALUES = new Set(['true', 'false', 'text', 'data', 'count']);
const INCLUDE_NAMES = new Set(['_include', '_revinclude', '_revInclude']);
const SINGLE_VALUED = new Set(['_count', '_sort', '_total', '_summary', '_cursor']);

export interface ParseOptions {
  /** `Prefer: handling=strict`: any parameter that cannot be applied is a 400. */
  strict: boolean;
}

export function parseSearchRequest(resourceType: string, params: URLSearchParams, options: ParseOptions): SearchRequest {
  const request: SearchRequest = {
    resourceType,
    criteria: [],
    count: DEFAULT_COUNT,
    sort: { key: '_id', descending: false },
    summaryCount: false,
    includes: [],
    accepted: [],
    ignored: [],
  };
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (const [name, value] of params) {
    // An empty value means "no criterion": ignored without comment (search.html#errors).
    if (value === '' && !name.endsWith(':missing')) continue;
    try {
      if (SINGLE_VALUED.has(name)) {
        if (seen.has(name)) throw malformed(`${name} may only be given once`);
        seen.add(name);
      }
      if (name === '_cursor') {
        cursor = value;
      } else {
        applyParameter(request, name, value);
        // The links show the page size actually used.
        request.accepted.push([name, name === '_count' ? String(request.count) : value]);
      }
    } catch (error) {
      if (!(error instanceof IgnoredParameter)) throw error;
      const what = `Search parameter ${name}=${value} ${options.strict ? 'rejected' : 'ignored'}: ${error.message}`;
      request.ignored.push(issue(options.strict ? 'error' : 'warning', error.code, what));
    }
  }
  if (options.strict && request.ignored.length > 0) throw invalid(request.ignored);
  if (cursor !== undefined) request.cursor = checkedCursor(cursor, request.sort);
  return request;
}

function applyParameter(request: SearchRequest, name: string, value: string): void {
  if (SHAPING.has(name)) return;
  switch (name) {
    case '_count':
      request.count = parseCount(value);
      return;
    case '_sort':
      request.sort = parseSort(request.resourceType, value);
      return;
    case '_total':
      if (value !== 'none' && value !== 'estimate' && value !== 'accurate') throw malformed('_total is none, estimate or accurate');
      request.total = value;
      return;
    case '_summary':
      if (!SUMMARY_VALUES.has(value)) throw malformed('_summary is true, false, text, data or count');
      request.summaryCount = value === 'count';
      return;
  }
  const [code, modifier, ...extra] = name.split(':');
  if (INCLUDE_NAMES.has(code)) {
    request.includes.push(parseInclude(request.resourceType, code !== '_include', modifier, extra, value));
    return;
  }
  if (extra.length > 0 || code.includes('.')) throw unsupported('chained parameters are not supported');
  request.criteria.push(buildCriterion(request.resourceType, code, modifier, value));
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw malformed('_count must be a whole number');
  return Math.min(Number(value), MAX_COUNT);
}

/**
 * One sort key (a trailing `_id` is accepted: it is always the tie-breaker). Keyset paging needs
 * one comparable value per resource, so a string parameter sorts by its lowest normalised value.
 */
function parseSort(resourceType: string, value: string): SortRule {
  const keys = value.split(',').map((key) => key.trim());
  if (keys.length === 2 && keys[1] === '_id' && keys[0] !== '_id') keys.pop();
  if (keys.length !== 1) throw unsupported('only one sort key is supported (with _id as tie-breaker)');
  const descending = keys[0].startsWith('-');
  const key = descending ? keys[0].slice(1) : keys[0];
  const sortable = key === '_id' || key === '_lastUpdated' || searchParameter(resourceType, key)?.type === 'string';
  if (!sortable) throw unsupported(`sorting by "${key}" is not supported (_id, _lastUpdated or a string parameter)`);
  return { key, descending };
}

/** `Type:param` or `Type:param:TargetType`, optionally as `_include:iterate` (`:recurse` in STU3). */
function parseInclude(resourceType: string, reverse: boolean, modifier: string | undefined, extra: string[], value: string): IncludeRule {
  if (extra.length > 0 || (modifier !== undefined && modifier !== 'iterate' && modifier !== 'recurse')) {
    throw unsupported(`the modifier :${[modifier, ...extra].join(':')} is not supported on includes`);
  }
  const [sourceType, param, targetType, ...rest] = value.split(':');
  if (!sourceType || !param || rest.length > 0) throw malformed('an include is Type:param or Type:param:TargetType');
  if (param === '*') throw unsupported('wildcard includes are not supported');
  const sp = searchParameter(sourceType, param);
  if (sp?.type !== 'reference') throw malformed(`${sourceType} has no reference parameter "${param}"`);
  if (targetType && !(sp.target ?? []).includes(targetType as never)) throw malformed(`${sourceType}:${param} does not refer to ${targetType}`);
  const iterate = modifier !== undefined;
  if (!iterate && !reverse && sourceType !== resourceType) throw malformed(`${value} does not start from ${resourceType}`);
  const pointsHere = targetType ? targetType === resourceType : !sp.target || sp.target.includes(resourceType as never);
  if (!iterate && reverse && !pointsHere) throw malformed(`${value} does not point at ${resourceType}`);
  return { reverse, sourceType, param, ...(targetType ? { targetType } : {}), iterate };
}

function checkedCursor(text: string, sort: SortRule) {
  const cursor = decodeSearchCursor(text);
  if (!cursor) throw badRequest('_cursor is not a cursor this server issued');
  const expected = `${sort.descending ? '-' : ''}${sort.key}`;
  if (cursor.sort !== expected) throw badRequest(`_cursor was issued for _sort=${cursor.sort}, not ${expected}`);
  return cursor;
}
