/**
 * Extracts the search index rows of a resource: for every search parameter of its type, the
 * parameter's FHIRPath expression is evaluated (parsed once per type and parameter, by
 * @medplum/core) and its values are normalised into the row shapes of the index tables.
 */
import {
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableTokens,
  evalFhirPathTyped,
  getParsedExpressionForResourceType,
  getSearchParameters,
  toTypedValue,
  type FhirPathAtom,
  type TypedValue,
} from '@medplum/core';
import type { Resource, SearchParameter } from '@medplum/fhirtypes';
import { dateRange } from './dates.js';
import { normaliseString } from './strings.js';

export interface IndexRows {
  tokens: Array<[param: string, system: string | null, code: string | null]>;
  strings: Array<[param: string, value: string, norm: string]>;
  references: Array<[param: string, targetType: string, targetId: string]>;
  dates: Array<[param: string, low: string | null, high: string | null]>;
  numbers: Array<[param: string, value: number | null, system: string | null, code: string | null]>;
  position?: { latitude: number; longitude: number };
}

interface IndexedParameter {
  code: string;
  type: SearchParameter['type'];
  atom: FhirPathAtom;
}

/** Parameters answered from fhir_resource columns, never from index tables. */
const COLUMN_PARAMETERS = new Set(['_id', '_lastUpdated', '_compartment']);
const INDEXED_TYPES = new Set(['token', 'string', 'reference', 'date', 'uri', 'number', 'quantity']);

const parametersByType = new Map<string, IndexedParameter[]>();

/** The search parameters kept in index tables for a resource type. */
export function indexedParameters(resourceType: string): IndexedParameter[] {
  let found = parametersByType.get(resourceType);
  if (!found) {
    found = Object.entries(getSearchParameters(resourceType) ?? {})
      .filter(([code, sp]) => !COLUMN_PARAMETERS.has(code) && INDEXED_TYPES.has(sp.type) && sp.expression)
      .map(([code, sp]) => ({ code, type: sp.type, atom: getParsedExpressionForResourceType(resourceType, sp.expression!) }));
    parametersByType.set(resourceType, found);
  }
  return found;
}

export function extractIndexRows(resource: Resource): IndexRows {
  const rows: IndexRows = { tokens: [], strings: [], references: [], dates: [], numbers: [] };
  const input = [toTypedValue(resource)];
  for (const parameter of indexedParameters(resource.resourceType)) {
    const values = evalFhirPathTyped(parameter.atom, input);
    if (values.length > 0) addRows(rows, parameter, values);
  }
  const position = resource.resourceType === 'Location' ? resource.position : undefined;
  if (position && Number.isFinite(position.latitude) && Number.isFinite(position.longitude)) {
    rows.position = { latitude: position.latitude, longitude: position.longitude };
  }
  return rows;
}

function addRows(rows: IndexRows, { code, type }: IndexedParameter, values: TypedValue[]): void {
  switch (type) {
    case 'token':
      for (const token of convertToSearchableTokens(values.map(codingsOnly))) rows.tokens.push([code, token.system ?? null, token.value ?? null]);
      break;
    case 'uri':
      for (const value of values) if (typeof value.value === 'string') rows.tokens.push([code, null, value.value]);
      break;
    case 'string':
      for (const value of new Set(values.flatMap(stringParts))) rows.strings.push([code, value, normaliseString(value)]);
      break;
    case 'reference':
      for (const reference of convertToSearchableReferences(values)) rows.references.push([code, ...splitReference(reference)]);
      break;
    case 'date':
      for (const value of values) {
        const range = dateRange(value);
        if (range) rows.dates.push([code, range.low, range.high]);
      }
      break;
    case 'number':
    case 'quantity':
      for (const value of values) addNumber(rows, code, value);
      break;
  }
}

/**
 * A name or an address matches by any of its parts (R4: `name=Habimana` finds "Dr Jean Habimana"),
 * and by its full text; other strings as they are.
 */
function stringParts(typed: TypedValue): string[] {
  const value = typed.value as Record<string, unknown> | undefined;
  const texts = (...items: unknown[]) => items.flat().filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  if (typed.type === 'HumanName' && value) {
    return texts(value.text, value.family, value.given, value.prefix, value.suffix, convertToSearchableStrings([typed]));
  }
  if (typed.type === 'Address' && value) {
    return texts(value.text, value.line, value.city, value.district, value.state, value.postalCode, value.country, convertToSearchableStrings([typed]));
  }
  return texts(convertToSearchableStrings([typed]));
}

/** Token search matches codes: a CodeableConcept's free text is not a code (it would match `type=Clinic`). */
function codingsOnly(typed: TypedValue): TypedValue {
  if (typed.type !== 'CodeableConcept') return typed;
  const { text: _text, ...concept } = typed.value as { text?: string };
  return { ...typed, value: concept };
}

function addNumber(rows: IndexRows, code: string, typed: TypedValue): void {
  const value = typed.value as { value?: number; system?: string; code?: string } | number;
  if (typeof value === 'number') rows.numbers.push([code, value, null, null]);
  else if (value && typeof value.value === 'number') rows.numbers.push([code, value.value, value.system ?? null, value.code ?? null]);
}

/** "Location/123" -> ["Location", "123"]; absolute or canonical references keep their full text. */
export function splitReference(reference: string): [string, string] {
  const match = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(reference);
  return match ? [match[1], match[2]] : ['', reference];
}
