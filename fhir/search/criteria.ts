/**
 * Turns one search parameter (`code[:modifier]=value`) into a typed criterion, using the search
 * parameter definitions @medplum/core holds (R4 plus those of profiles/). Anything that cannot be
 * applied as asked is thrown as an IgnoredParameter, never silently widened.
 */
import { getSearchParameters } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import { indexedParameters } from './index-values.js';
import { malformed, unsupported, type Criterion, type IndexTable } from './request.js';
import { orValues, parseDate, parseId, parseNear, parseNumber, parseReference, parseToken, unescapeValue } from './values.js';

const TABLES: Record<string, IndexTable> = {
  token: 'fhir_token',
  uri: 'fhir_token',
  string: 'fhir_string',
  reference: 'fhir_reference',
  date: 'fhir_date',
  number: 'fhir_number',
  quantity: 'fhir_number',
};

/** The parameter that makes a type a hierarchy (Location.partOf, Organization.partOf). */
export const HIERARCHY_PARAM = 'partof';

const indexedByType = new Map<string, Set<string>>();

function isIndexed(resourceType: string, code: string): boolean {
  let codes = indexedByType.get(resourceType);
  if (!codes) {
    codes = new Set(indexedParameters(resourceType).map((parameter) => parameter.code));
    indexedByType.set(resourceType, codes);
  }
  return codes.has(code);
}

export function searchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return getSearchParameters(resourceType)?.[code];
}

export function buildCriterion(resourceType: string, code: string, modifier: string | undefined, value: string): Criterion {
  if (code === '_id') return idCriterion(modifier, value);
  if (code === '_lastUpdated') {
    if (modifier) throw unsupported(`the modifier :${modifier} is not supported on _lastUpdated`);
    return { kind: 'lastUpdated', values: orValues(value).map(parseDate) };
  }
  const sp = searchParameter(resourceType, code);
  if (!sp) throw unsupported(`unknown search parameter "${code}" for ${resourceType}`);
  if (sp.type === 'special' && code === 'near' && resourceType === 'Location') {
    if (modifier) throw unsupported(`the modifier :${modifier} is not supported on near`);
    return { kind: 'near', ...parseNear(value) };
  }
  if (!isIndexed(resourceType, code)) throw unsupported(`the search parameter "${code}" (${sp.type}) is not supported`);
  if (modifier === 'missing') return missingCriterion(code, TABLES[sp.type], value);
  switch (sp.type) {
    case 'token':
      return tokenCriterion(code, modifier, value);
    case 'uri':
      noModifier(code, modifier);
      return { kind: 'uri', code, values: orValues(value).map(unescapeValue) };
    case 'string':
      return stringCriterion(code, modifier, value);
    case 'reference':
      return referenceCriterion(resourceType, sp, code, modifier, value);
    case 'date':
      noModifier(code, modifier);
      return { kind: 'date', code, values: orValues(value).map(parseDate) };
    case 'number':
    case 'quantity':
      noModifier(code, modifier);
      return { kind: 'number', code, values: orValues(value).map((v) => parseNumber(v, sp.type === 'quantity')) };
    default:
      throw unsupported(`the search parameter "${code}" (${sp.type}) is not supported`);
  }
}

function noModifier(code: string, modifier: string | undefined): void {
  if (modifier !== undefined) throw unsupported(`the modifier :${modifier} is not supported on ${code}`);
}

function idCriterion(modifier: string | undefined, value: string): Criterion {
  if (modifier !== undefined && modifier !== 'not') throw unsupported(`the modifier :${modifier} is not supported on _id`);
  return { kind: 'id', not: modifier === 'not', ids: orValues(value).map(parseId) };
}

function missingCriterion(code: string, table: IndexTable, value: string): Criterion {
  if (value !== 'true' && value !== 'false') throw malformed(`:missing takes true or false, not "${value}"`);
  return { kind: 'missing', code, table, missing: value === 'true' };
}

function tokenCriterion(code: string, modifier: string | undefined, value: string): Criterion {
  if (modifier !== undefined && modifier !== 'not') throw unsupported(`the modifier :${modifier} is not supported on ${code}`);
  return { kind: 'token', code, not: modifier === 'not', values: orValues(value).map(parseToken) };
}

function stringCriterion(code: string, modifier: string | undefined, value: string): Criterion {
  if (modifier !== undefined && modifier !== 'contains' && modifier !== 'exact') {
    throw unsupported(`the modifier :${modifier} is not supported on ${code}`);
  }
  const match = modifier ?? 'prefix';
  return { kind: 'string', code, match, values: orValues(value).map(unescapeValue) };
}

function referenceCriterion(resourceType: string, sp: SearchParameter, code: string, modifier: string | undefined, value: string): Criterion {
  const targets = sp.target ?? [];
  if (modifier === 'below' || modifier === 'above') return hierarchyCriterion(resourceType, code, targets, modifier, value);
  if (modifier !== undefined && !/^[A-Z][A-Za-z]+$/.test(modifier)) throw unsupported(`the modifier :${modifier} is not supported on ${code}`);
  if (modifier && targets.length > 0 && !targets.includes(modifier as never)) {
    throw malformed(`${code} does not refer to ${modifier} (only ${targets.join(', ')})`);
  }
  return { kind: 'reference', code, values: orValues(value).map((v) => parseReference(v, modifier)) };
}

/**
 * `:below` / `:above` on a reference to a hierarchical type: the target itself or anything under
 * (over) it. So `Location?partof:below=X` is every Location under X at any depth, X excluded.
 */
function hierarchyCriterion(resourceType: string, code: string, targets: string[], direction: 'below' | 'above', value: string): Criterion {
  const references = orValues(value).map((v) => parseReference(v));
  const types = new Set(references.map((reference) => reference.type ?? (targets.length === 1 ? targets[0] : undefined)));
  const [targetType] = types;
  if (types.size !== 1 || !targetType) throw malformed(`:${direction} needs references of one type (Type/id)`);
  if (references.some((reference) => reference.url !== undefined)) throw malformed(`:${direction} takes ids or Type/id, not URLs`);
  const hierarchy = searchParameter(targetType, HIERARCHY_PARAM);
  if (hierarchy?.type !== 'reference' || !hierarchy.target?.includes(targetType as never)) {
    throw unsupported(`:${direction} needs a hierarchy, and ${targetType} has none`);
  }
  const self = code === HIERARCHY_PARAM && targetType === resourceType;
  return { kind: 'hierarchy', code, direction, targetType, ids: references.map((reference) => reference.id), self };
}
