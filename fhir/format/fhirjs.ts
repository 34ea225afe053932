/**
 * The FHIR.js (`fhir` package) converters, adapted. They walk FHIR.js's bundled R4 definitions, so
 * element order, choice types, the id/url attributes and the `_element` split of primitives follow
 * the spec. What fhir@4.12.0 gets wrong, and what is done about it here:
 *   - xmlToObj returns decimals as strings (and xmlToJson crashes on `_x: [null, …]`): its decimal
 *     marker is switched on and the marked values become numbers;
 *   - a boolean/decimal primitive carrying only extensions crashes it (no attributes object);
 *   - a repeating primitive without a value loses its slot, which shifts the `_x` extensions onto
 *     the wrong item: it gets a placeholder value that becomes null;
 *   - XML comments would become `fhir_comments` (not R4 JSON): they are dropped;
 *   - narratives lose spaces and escaping through xml-js: both ways the div is the one rewritten
 *     by xml-scan.ts instead (FHIR.js still handles a div that is not standalone XHTML);
 *   - two loops are quadratic in the number of repeats (80,000 extended repeats took 12 s):
 *     children get an indexed indexOf, and long `_x` arrays are allocated up front;
 *   - the XML writer visits every property of every type, present or not: absent ones are skipped;
 *   - literal tabs in attribute values would be normalised to spaces by any XML parser;
 *   - numbers JavaScript writes with an exponent (1e-7) are refused by its own reader: they are
 *     written out in full. (Exponents sent by others, valid R4, are still refused: a 400.)
 * These hooks replace private methods on one converter instance; fhir is pinned exactly.
 */
import { randomUUID } from 'node:crypto';
import { Constants } from 'fhir/constants.js';
import { ConvertToJs } from 'fhir/convertToJs.js';
import { ConvertToXml, type XmlElement } from 'fhir/convertToXml.js';
import type { ParsedProperty } from 'fhir/model/parsed-property.js';
import { ParseConformance } from 'fhir/parseConformance.js';
import { canonicalXhtml, XHTML_NS } from './xml-scan.js';

export type Json = Record<string, unknown>;

const ABSTRACT = new Set(['Resource', 'DomainResource']);
const PRIMITIVES = new Set(Constants.PrimitiveTypes);
/** Below this many children FHIR.js's own loops are cheap enough. */
const LONG = 64;

interface ReaderInternals {
  convert(xml: string): Json | undefined;
  resourceToJS(element: XmlElement, surroundDecimalsWith: object | null): Json;
  propertyToJS(element: XmlElement, obj: Json, property: ParsedProperty, surroundDecimalsWith: object | null): void;
}
type PropertyToXml = (parentXml: XmlElement, parentType: object, obj: Json | undefined, name: string, ...rest: unknown[]) => void;

let definitions: ParseConformance | undefined;

/** FHIR.js's bundled R4 definitions, parsed on first use. */
function r4(): ParseConformance {
  return (definitions ??= new ParseConformance(true));
}

export function isResourceType(name: string): boolean {
  const structures = r4().parsedStructureDefinitions;
  return Object.hasOwn(structures, name) && structures[name]._kind === 'resource' && !ABSTRACT.has(name);
}

export function writeXml(resource: object): string {
  const converter = new ConvertToXml(r4());
  const internals = converter as unknown as { propertyToXML: PropertyToXml };
  const propertyToXML = internals.propertyToXML;
  const narratives = new Map<string, string>();
  const marker = `narrative-${randomUUID()}-`;
  internals.propertyToXML = (parentXml, parentType, obj, name, ...rest) => {
    // An absent property (no value, no `_property`) writes nothing: skip the visit of its type.
    if (obj?.[name] === undefined && obj?.[`_${name}`] === undefined) return;
    const div = name === 'div' && typeof obj?.div === 'string' ? canonicalXhtml(obj.div) : undefined;
    if (div !== undefined) {
      const token = `${marker}${narratives.size}`;
      narratives.set(token, div);
      obj = { ...obj, div: `<div xmlns="${XHTML_NS}">${token}</div>` };
    }
    const value = obj?.[name];
    if (typeof value === 'number' && /e/.test(String(value))) obj = { ...obj, [name]: withoutExponent(value) };
    propertyToXML.call(converter, parentXml, parentType, obj, name, ...rest);
  };
  const xml = converter.convert(resource).replace(/\t/g, '&#x9;');
  if (narratives.size === 0) return xml;
  return xml.replace(new RegExp(`<div xmlns="${XHTML_NS}">(${marker}\\d+)</div>`, 'g'), (_, token: string) => narratives.get(token) ?? '');
}

/** 1e-7 -> 0.0000001, 1.5e+21 -> 1500000000000000000000: the same digits, no exponent. */
function withoutExponent(n: number): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(String(n));
  if (!match) return String(n);
  const [, sign, lead, fraction = '', exponent] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponent); // where the decimal point goes in digits
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * XML text (already scanned) to R4 JSON. `checkRoot` sees the root element first; `narratives` are
 * the rewritten divs in document order. Errors from FHIR.js (bad boolean, …) are thrown as they are.
 */
export function readXml(text: string, checkRoot: (root: XmlElement) => void, narratives: (string | undefined)[]): Json | undefined {
  const placeholder = `\u0000${randomUUID()}`;
  const converter = new ConvertToJs(r4()) as unknown as ReaderInternals;
  const { resourceToJS, propertyToJS } = converter;
  let rewritten: Map<XmlElement, string | undefined> | undefined; // set once the root is prepared
  converter.resourceToJS = (element, surround) => {
    if (!rewritten) {
      checkRoot(element);
      const divs: XmlElement[] = [];
      prepare(element, placeholder, divs);
      rewritten = new Map(divs.length === narratives.length ? divs.map((div, i) => [div, narratives[i]]) : []);
    }
    return resourceToJS.call(converter, element, surround ?? {});
  };
  converter.propertyToJS = (element, obj, property, surround) => {
    const div = property._type === 'xhtml' ? element.elements?.find((child) => child.name === property._name) : undefined;
    const narrative = div && rewritten?.get(div);
    if (narrative !== undefined) {
      obj[property._name] = narrative;
      return;
    }
    preallocateExtras(element, obj, property);
    propertyToJS.call(converter, element, obj, property, surround);
  };
  const resource = converter.convert(text);
  if (resource) normalise(resource, placeholder);
  return resource;
}

/**
 * Drops comments, patches what FHIR.js would trip on, indexes long lists; collects the narrative
 * divs in document order (the order xml-scan.ts met them in) and leaves their insides alone.
 */
function prepare(element: XmlElement, placeholder: string, divs: XmlElement[]): void {
  if (element.name === 'div' && element.attributes?.xmlns === XHTML_NS) {
    divs.push(element);
    return;
  }
  element.attributes ??= {};
  const children = (element.elements ?? []).filter((child) => child.type !== 'comment');
  element.elements = children.length >= LONG ? IndexedElements.from(children) : children;
  markValueless(children, placeholder);
  for (const child of children) if (child.type === 'element') prepare(child, placeholder, divs);
}

/** FHIR.js finds each child again with elements.indexOf: a map makes that O(1). */
class IndexedElements extends Array<XmlElement> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  private positions?: Map<XmlElement, number>;
  override indexOf(element: XmlElement, from?: number): number {
    if (from !== undefined) return super.indexOf(element, from);
    this.positions ??= new Map(this.map((child, index) => [child, index]));
    return this.positions.get(element) ?? -1;
  }
}

/** Among repeats of a primitive (some have value=), a valueless one keeps its slot via a placeholder. */
function markValueless(children: XmlElement[], placeholder: string): void {
  const valued = new Set(children.filter((c) => c.attributes?.value !== undefined).map((c) => c.name));
  for (const child of children) {
    if (valued.has(child.name) && child.attributes?.value === undefined) {
      child.attributes = { ...child.attributes, value: placeholder };
    }
  }
}

/** FHIR.js grows `_x` one null at a time from the start for each extended repeat: size it once. */
function preallocateExtras(element: XmlElement, obj: Json, property: ParsedProperty): void {
  const children = element.elements;
  if (!children || children.length < LONG || !property._multiple || !PRIMITIVES.has(property._type)) return;
  const repeats = children.reduce((n, child) => (child.name === property._name ? n + 1 : n), 0);
  if (repeats >= LONG) obj[`_${property._name}`] ??= new Array(repeats).fill(null);
}

/** Marked decimals -> numbers, placeholders -> null, `x`/`_x` arrays padded to the same length. */
function normalise(node: Json, placeholder: string): void {
  for (const [key, value] of Object.entries(node)) {
    if (value === placeholder) delete node[key];
    else if (Array.isArray(value)) node[key] = value.map((item) => (item === placeholder ? null : plain(item, placeholder)));
    else node[key] = plain(value, placeholder);
  }
  for (const key of Object.keys(node)) {
    if (key.startsWith('_')) alignPair(node, key.slice(1), key);
  }
}

function plain(value: unknown, placeholder: string): unknown {
  if (!value || typeof value !== 'object') return value;
  const marked = value as { value?: unknown; toJSON?: unknown };
  if (typeof marked.toJSON === 'function') return Number(marked.value);
  normalise(value as Json, placeholder);
  return value;
}

function alignPair(node: Json, valueKey: string, extraKey: string): void {
  const values = node[valueKey];
  const extras = node[extraKey];
  if (!Array.isArray(values) || !Array.isArray(extras)) return;
  if (extras.every((extra) => extra === null)) {
    delete node[extraKey]; // preallocated, but no repeat had an id or extension
    return;
  }
  while (values.length < extras.length) values.push(null);
  while (extras.length < values.length) extras.push(null);
}
