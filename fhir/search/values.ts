/**
 * Parsing of search values: comma-separated OR lists with FHIR escapes (`\,` `\|` `\$` `\\`),
 * tokens, references, prefixed dates and numbers, and Location `near`.
 */
import { parseDateRange } from './dates.js';
import { malformed, type DateValue, type NumberValue, type Prefix, type ReferenceValue, type TokenValue } from './request.js';

const PREFIXES = new Set<Prefix>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sa', 'eb', 'ap']);
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPED_ID = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/;
const URL_TAIL = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/;

/** Splits on unescaped separators, keeping escapes (unescape each part when done splitting). */
export function splitEscaped(text: string, separator: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === separator && parts.length < limit - 1) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

export function unescapeValue(text: string): string {
  return text.replace(/\\([\\,$|])/g, '$1');
}

/** The OR values of a parameter; an empty one among them makes the whole parameter malformed. */
export function orValues(text: string): string[] {
  const values = splitEscaped(text, ',');
  if (values.some((value) => value === '')) throw malformed('an empty value in a comma-separated list');
  return values;
}

export function parseToken(raw: string): TokenValue {
  const parts = splitEscaped(raw, '|', 2);
  if (parts.length === 1) return { code: unescapeValue(raw) };
  const [system, code] = parts.map(unescapeValue);
  if (system === '' && code === '') throw malformed('"|" alone is not a token');
  if (system === '') return { system: null, code };
  return code === '' ? { system } : { system, code };
}

/**
 * `Type/id`, a bare id, or an absolute URL. An absolute URL matches references stored exactly so,
 * and, when it ends in `Type/id`, local references to that resource: the base a client sees
 * (behind OpenHIM, a proxy) is not always ours.
 */
export function parseReference(raw: string, typeModifier?: string): ReferenceValue {
  const value = unescapeValue(raw);
  const typed = TYPED_ID.exec(value);
  if (typed) {
    if (typeModifier && typeModifier !== typed[1]) throw malformed(`"${value}" is not a ${typeModifier}`);
    return { type: typed[1], id: typed[2] };
  }
  if (ID.test(value)) return { type: typeModifier, id: value };
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    const tail = URL_TAIL.exec(value);
    return { url: value, type: tail?.[1], id: tail?.[2] ?? '' };
  }
  throw malformed(`"${value}" is neither Type/id, an id, nor an absolute URL`);
}

function splitPrefix(raw: string): [Prefix, string] {
  const prefix = raw.slice(0, 2) as Prefix;
  return PREFIXES.has(prefix) ? [prefix, raw.slice(2)] : ['eq', raw];
}

export function parseDate(raw: string): DateValue {
  const [prefix, text] = splitPrefix(raw);
  const range = parseDateRange(text);
  if (!range?.low || !range.high) throw malformed(`"${text}" is not a FHIR date, dateTime or instant`);
  return { prefix, low: range.low, high: range.high };
}

const NUMBER = /^[+-]?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A number, or a quantity `[prefix]number|system|code` (system and code optional). */
export function parseNumber(raw: string, quantity: boolean): NumberValue {
  const [prefix, text] = splitPrefix(raw);
  const [number, system, code, ...rest] = quantity ? splitEscaped(text, '|').map(unescapeValue) : [text];
  const match = NUMBER.exec(number ?? '');
  if (!match || rest.length > 0) throw malformed(`"${text}" is not a ${quantity ? 'quantity' : 'number'}`);
  const decimals = (match[2]?.length ?? 0) - Number(match[3] ?? 0);
  return {
    prefix,
    value: Number(number),
    halfUnit: 0.5 * 10 ** -decimals,
    ...(system ? { system } : {}),
    ...(code ? { code } : {}),
  };
}

/** Distance assumed when `near` gives none (the spec leaves it to the server). */
export const DEFAULT_NEAR_KM = 50;
const KM_PER_UNIT: Record<string, number> = { km: 1, m: 0.001, mi: 1.609344, '[mi_i]': 1.609344, '[mi_us]': 1.609347 };

/** `near=latitude|longitude|distance|unit` (distance and unit optional; unit km by default). */
export function parseNear(raw: string): { latitude: number; longitude: number; distanceKm: number } {
  const [lat, lng, distance, unit, ...rest] = raw.split('|');
  const latitude = Number(lat);
  const longitude = Number(lng);
  const finite = (text: string | undefined) => text !== undefined && text.trim() !== '' && Number.isFinite(Number(text));
  if (rest.length > 0 || !finite(lat) || !finite(lng) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw malformed('near must be latitude|longitude[|distance[|unit]] with a valid position');
  }
  if (distance !== undefined && distance !== '' && (!finite(distance) || Number(distance) < 0)) throw malformed(`"${distance}" is not a distance`);
  const factor = KM_PER_UNIT[unit || 'km'];
  if (factor === undefined) throw malformed(`unknown distance unit "${unit}" (km, m, mi, [mi_i])`);
  const distanceKm = distance ? Number(distance) * factor : DEFAULT_NEAR_KM;
  return { latitude, longitude, distanceKm };
}

export function parseId(raw: string): string {
  const id = unescapeValue(raw);
  if (!ID.test(id)) throw malformed(`"${id}" is not a valid FHIR id`);
  return id;
}
