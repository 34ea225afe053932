/**
 * `_summary` and `_elements` on one resource (http://hl7.org/fhir/R4/search.html#summary and
 * #elements). Like Medplum, they act on top-level elements: nested backbone elements and datatypes
 * are kept whole. Always kept: resourceType, id, meta, mandatory (min >= 1) elements, and
 * modifierExtension, since dropping a modifier would change the meaning of what is left.
 * A resource that lost something is tagged SUBSETTED; when nothing is dropped the very same object
 * comes back untouched, so the common read pays nothing.
 * Needs the R4 StructureDefinitions indexed in @medplum/core (fhir/definitions/load.ts does it).
 */
import { tryGetDataType, type InternalTypeSchema } from '@medplum/core';
import type { Coding, Meta } from '@medplum/fhirtypes';
import { badRequest } from '../outcomes.js';

export const SUBSETTED: Readonly<Coding> = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

const SUMMARY_MODES = new Set(['true', 'text', 'data', 'count', 'false']);
const ALWAYS_KEPT = new Set(['resourceType', 'id', 'meta', 'modifierExtension']);

export interface SummaryOptions {
  /** The `_summary` value: true | text | data | count | false. `count` only shapes search Bundles. */
  summary?: string;
  /** The `_elements` names, already split on commas. */
  elements?: string[];
}

/** Decides for one top-level key, given its base name (`deceased` for `deceasedBoolean`). */
type Filter = (key: string, base: string, schema: InternalTypeSchema) => boolean;

export function applySummary<T extends object>(resource: T, { summary, elements }: SummaryOptions): T {
  const type = (resource as { resourceType?: unknown }).resourceType;
  const filters = [summaryFilter(summary), elementsFilter(elements, type)].filter((f): f is Filter => f !== undefined);
  if (filters.length === 0) return resource;
  const schema = schemaOf(type);
  const kept = Object.entries(resource).filter(([key]) => {
    const base = baseName(schema, key);
    return ALWAYS_KEPT.has(base) || schema.mandatoryProperties?.has(base) || filters.every((keep) => keep(key, base, schema));
  });
  if (kept.length === Object.keys(resource).length) return resource;
  const result: Record<string, unknown> = Object.fromEntries(kept);
  result.meta = tagSubsetted(result.meta as Meta | undefined);
  return result as T;
}

function summaryFilter(summary: string | undefined): Filter | undefined {
  if (summary === undefined || summary.trim() === '') return undefined;
  const mode = summary.trim();
  if (!SUMMARY_MODES.has(mode)) throw badRequest(`_summary=${summary} is not supported: use true, text, data, count or false`);
  if (mode === 'true') return (_key, base, schema) => schema.summaryProperties?.has(base) ?? false;
  if (mode === 'text') return (_key, base) => base === 'text';
  if (mode === 'data') return (_key, base) => base !== 'text';
  return undefined;
}

/** `name`, `Location.name`; a longer path keeps its top-level element; other types' names are ignored. */
function elementsFilter(elements: string[] | undefined, type: unknown): Filter | undefined {
  const names = new Set<string>();
  for (const element of elements ?? []) {
    const [first, ...rest] = element.trim().replace(/\[x\]/g, '').split('.');
    if (/^[A-Z]/.test(first)) {
      if (first === type && rest.length > 0) names.add(rest[0]);
    } else if (first) names.add(first);
  }
  if (names.size === 0) return undefined;
  return (key, base) => names.has(base) || names.has(key.replace(/^_/, ''));
}

function schemaOf(type: unknown): InternalTypeSchema {
  const schema = typeof type === 'string' ? tryGetDataType(type) : undefined;
  if (!schema) throw new Error(`No R4 definition for resourceType ${String(type)}: are the FHIR definitions loaded?`);
  return schema;
}

const choicePrefixes = new WeakMap<InternalTypeSchema, string[]>();

/** The element a JSON key belongs to: `_birthDate` -> birthDate, `valueQuantity` -> value. */
function baseName(schema: InternalTypeSchema, key: string): string {
  const name = key.startsWith('_') ? key.slice(1) : key;
  if (Object.hasOwn(schema.elements, name)) return name;
  let prefixes = choicePrefixes.get(schema);
  if (!prefixes) {
    prefixes = Object.keys(schema.elements).filter((e) => e.endsWith('[x]')).map((e) => e.slice(0, -3));
    choicePrefixes.set(schema, prefixes);
  }
  return prefixes.find((p) => name.length > p.length && name.startsWith(p) && /[A-Z]/.test(name[p.length])) ?? name;
}

function tagSubsetted(meta: Meta | undefined): Meta {
  const tags = meta?.tag ?? [];
  if (tags.some((tag) => tag.system === SUBSETTED.system && tag.code === SUBSETTED.code)) return meta as Meta;
  return { ...meta, tag: [...tags, { ...SUBSETTED }] };
}
