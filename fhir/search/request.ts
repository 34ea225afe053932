/**
 * A parsed FHIR search: typed criteria (ANDed; the values inside one criterion are ORed), the
 * paging, sorting and include instructions, and the parameters that were ignored and why.
 */
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;

/** Date/number comparison prefixes (search.html#prefix). */
export type Prefix = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sa' | 'eb' | 'ap';

/** `system|code` forms: system undefined = any system; null = explicitly no system (`|code`). */
export interface TokenValue {
  system?: string | null;
  code?: string;
}

export interface ReferenceValue {
  /** Resource type when known (`Type/id`, an absolute URL ending in `Type/id`, or a `:Type` modifier). */
  type?: string;
  id: string;
  /** An absolute URL as given, matched against references stored as absolute URLs. */
  url?: string;
}

export interface DateValue {
  prefix: Prefix;
  low: string;
  high: string;
}

export interface NumberValue {
  prefix: Prefix;
  value: number;
  /** Half the precision of the value as written ("100" -> 0.5, "1.50" -> 0.005): eq is a range. */
  halfUnit: number;
  system?: string;
  code?: string;
}

export type Criterion =
  | { kind: 'token'; code: string; not: boolean; values: TokenValue[] }
  | { kind: 'uri'; code: string; values: string[] }
  | { kind: 'string'; code: string; match: 'prefix' | 'contains' | 'exact'; values: string[] }
  | { kind: 'reference'; code: string; values: ReferenceValue[] }
  | { kind: 'hierarchy'; code: string; direction: 'below' | 'above'; targetType: string; ids: string[]; self: boolean }
  | { kind: 'date'; code: string; values: DateValue[] }
  | { kind: 'number'; code: string; values: NumberValue[] }
  | { kind: 'missing'; code: string; table: IndexTable; missing: boolean }
  | { kind: 'id'; not: boolean; ids: string[] }
  | { kind: 'lastUpdated'; values: DateValue[] }
  | { kind: 'near'; latitude: number; longitude: number; distanceKm: number };

export type IndexTable = 'fhir_token' | 'fhir_string' | 'fhir_reference' | 'fhir_date' | 'fhir_number';

/** `_id`, `_lastUpdated`, or a string parameter (sorted by its lowest normalised value). */
export interface SortRule {
  key: string;
  descending: boolean;
}

export interface IncludeRule {
  reverse: boolean;
  /** The type holding the reference (for _revinclude: the type of the resources added). */
  sourceType: string;
  param: string;
  targetType?: string;
  iterate: boolean;
}

/** Where the previous page ended: its last sort value and id. */
export interface SearchCursor {
  sort: string;
  value: string | null;
  id: string;
}

export interface SearchRequest {
  resourceType: string;
  criteria: Criterion[];
  count: number;
  sort: SortRule;
  /** `_total` as asked (undefined when not asked). */
  total?: 'none' | 'estimate' | 'accurate';
  /** `_summary=count`: the total only, no entries. */
  summaryCount: boolean;
  includes: IncludeRule[];
  cursor?: SearchCursor;
  /** The parameters applied (and result-shaping ones), in request order, for the links. */
  accepted: Array<[name: string, value: string]>;
  /** The parameters ignored, as warnings (search.mode = outcome). */
  ignored: OperationOutcomeIssue[];
}

/** A parameter that cannot be applied: reported, or a 400 under `Prefer: handling=strict`. */
export class IgnoredParameter extends Error {
  constructor(
    readonly code: 'not-supported' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export const unsupported = (message: string) => new IgnoredParameter('not-supported', message);
export const malformed = (message: string) => new IgnoredParameter('invalid', message);
