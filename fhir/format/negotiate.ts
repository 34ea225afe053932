/**
 * FHIR R4 format negotiation (http://hl7.org/fhir/R4/http.html#mime-type), as pure functions of
 * header and query values. Lastmile speaks JSON and XML; HTML requests (browsers, `_format=html`)
 * get JSON, since there is no HTML rendering. Ties go to JSON.
 */
import { notAcceptable, unsupportedMediaType } from '../outcomes.js';

export type Format = 'json' | 'xml';

const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir', 'text/json'];
const XML_TYPES = ['application/fhir+xml', 'application/xml', 'application/xml+fhir', 'text/xml'];
const HTML_TYPES = ['text/html', 'application/xhtml+xml'];
/** The FHIR version a client may name with the fhirVersion media type parameter. */
const SUPPORTED_FHIR_VERSION = /^4\.0(\.\d+)?$/;

const FORMAT_OF = new Map<string, Format>([
  ['json', 'json'],
  ['xml', 'xml'],
  ['html', 'json'],
  ...JSON_TYPES.map((type): [string, Format] => [type, 'json']),
  ...XML_TYPES.map((type): [string, Format] => [type, 'xml']),
  ...HTML_TYPES.map((type): [string, Format] => [type, 'json']),
]);

interface MediaRange {
  type: string;
  q: number;
  fhirVersion?: string;
}

/** `_format` wins over Accept; no usable preference means JSON; only unsupported types is a 406. */
export function responseFormat({ accept, formatParam }: { accept?: string; formatParam?: string }): Format {
  if (formatParam !== undefined && formatParam.trim() !== '') return formatFromParam(formatParam);
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = parseAccept(accept);
  const json = quality(ranges, 'json');
  const xml = quality(ranges, 'xml');
  if (json <= 0 && xml <= 0) {
    throw notAcceptable(`None of the types in Accept (${accept}) is available: use application/fhir+json or application/fhir+xml`);
  }
  return xml > json ? 'xml' : 'json';
}

/** The format of a request body. No Content-Type means JSON. */
export function requestFormat(contentType?: string): Format {
  if (contentType === undefined || contentType.trim() === '') return 'json';
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const format = FORMAT_OF.get(type);
  const charset = parameter(parameters, 'charset');
  const fhirVersion = parameter(parameters, 'fhirversion');
  if (!format || HTML_TYPES.includes(type) || (charset !== undefined && !/^utf-?8$/.test(charset)) || !supportedVersion(fhirVersion)) {
    throw unsupportedMediaType(`Content-Type ${contentType} is not supported: send application/fhir+json or application/fhir+xml (UTF-8, FHIR R4)`);
  }
  return format;
}

export function contentTypeFor(format: Format): string {
  return format === 'xml' ? 'application/fhir+xml; charset=utf-8' : 'application/fhir+json; charset=utf-8';
}

export function wantsPretty(prettyParam?: string): boolean {
  return prettyParam?.trim().toLowerCase() === 'true';
}

function formatFromParam(value: string): Format {
  // An unencoded `+` in a query string arrives as a space: application/fhir json.
  const [type, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  const format = FORMAT_OF.get(type.replace(/ /g, '+'));
  if (!format || !supportedVersion(parameter(parameters, 'fhirversion'))) {
    throw notAcceptable(`_format=${value} is not supported: use json or xml`);
  }
  return format;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((range) => range.split(';').map((part) => part.trim().toLowerCase()))
    .filter(([type]) => type !== '')
    .map(([type, ...parameters]) => ({ type, q: qValue(parameter(parameters, 'q')), fhirVersion: parameter(parameters, 'fhirversion') }));
}

/**
 * The q a format gets: from its own types if Accept names any (the most specific ranges win, as in
 * RFC 9110), else from application/* or text/* (both formats have types there), else from * / *.
 */
function quality(ranges: MediaRange[], format: Format): number {
  const own = ranges.filter((range) => FORMAT_OF.get(range.type) === format && !range.type.includes('*'));
  if (own.length > 0) return Math.max(...own.map((range) => (supportedVersion(range.fhirVersion) ? range.q : 0)));
  const partial = ranges.filter((range) => range.type === 'application/*' || range.type === 'text/*');
  if (partial.length > 0) return Math.max(...partial.map((range) => range.q));
  return Math.max(0, ...ranges.filter((range) => range.type === '*/*').map((range) => range.q));
}

function qValue(text: string | undefined): number {
  if (text === undefined) return 1;
  const q = Number(text);
  return Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : 1;
}

function parameter(parameters: string[], name: string): string | undefined {
  const found = parameters.find((part) => part.split('=')[0].trim() === name);
  return found?.slice(found.indexOf('=') + 1).trim().replace(/^"(.*)"$/, '$1');
}

function supportedVersion(fhirVersion: string | undefined): boolean {
  return fhirVersion === undefined || SUPPORTED_FHIR_VERSION.test(fhirVersion);
}
