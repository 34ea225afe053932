/**
 * A strict, namespace-aware sax pass over FHIR XML, run before FHIR.js sees the text. It uses the
 * sax that FHIR.js's xml-js parses with, because xml-js swallows the errors sax raises at the end
 * of the text (an unclosed root: a truncated body would be accepted) and ignores a second root.
 * sax never expands DTD entities (XXE, billion laughs); DOCTYPEs are refused here anyway.
 *
 * The same pass writes each narrative (the xhtml div) out again, exactly but escaped properly:
 * xml-js drops whitespace-only text between tags (`<b>a</b> <i>b</i>` lost its space), writes `<`
 * raw in attribute values and turns a literal `&amp;` in text into `&`.
 */
import { createRequire } from 'node:module';
import { badRequest } from '../outcomes.js';

export const FHIR_NS = 'http://hl7.org/fhir';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** The only attributes of FHIR XML (foreign-namespace ones such as xsi:schemaLocation are ignored). */
const FHIR_ATTRIBUTES = new Set(['id', 'value', 'url']);
/** Deeper than any real resource; keeps the recursive converters far from the stack limit. */
const MAX_DEPTH = 128;

interface SaxAttribute {
  name: string;
  value: string;
  prefix: string;
}
interface SaxTag {
  name: string;
  local: string;
  prefix: string;
  uri: string;
  isSelfClosing: boolean;
  attributes: Record<string, SaxAttribute>;
}
/** The part of sax used here; it ships inside FHIR.js's xml-js and has no types of its own. */
interface SaxParser {
  onerror: (error: Error) => void;
  ondoctype: () => void;
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  onopencdata: () => void;
  onclosecdata: () => void;
  oncomment: (comment: string) => void;
  onprocessinginstruction: (instruction: { name: string; body: string }) => void;
  write(text: string): SaxParser;
  close(): SaxParser;
}
const requireFromXmlJs = createRequire(createRequire(createRequire(import.meta.url).resolve('fhir')).resolve('xml-js'));
const sax = requireFromXmlJs('sax') as { parser(strict: boolean, options: object): SaxParser };

export interface Scan {
  /** How often each element name occurs, to prove later that FHIR.js dropped none. */
  names: Map<string, number>;
  /** Each narrative div in document order, rewritten; undefined where it is not standalone XHTML. */
  narratives: (string | undefined)[];
}

/** Checks a FHIR XML document; anything that is not well-formed FHIR markup is a 400. */
export function scanFhirXml(text: string): Scan {
  const scan: Scan = { names: new Map(), narratives: [] };
  let writer: XhtmlWriter | undefined; // set while inside a narrative
  let problem = parse(text, {
    open(tag, depth) {
      scan.names.set(tag.name, (scan.names.get(tag.name) ?? 0) + 1);
      if (!writer && tag.name === 'div' && tag.uri === XHTML_NS) writer = new XhtmlWriter(depth);
      if (writer) return writer.open(tag);
      return notFhirMarkup(tag);
    },
    close(depth) {
      if (!writer?.close()) return;
      if (depth === writer.depth) {
        scan.narratives.push(writer.standalone ? writer.out : undefined);
        writer = undefined;
      }
    },
    content: (write) => writer && write(writer),
  });
  if (!problem && scan.names.size === 0) problem = 'no root element';
  if (problem) throw badRequest(`Invalid FHIR XML: ${problem}`);
  return scan;
}

/** A JSON narrative div rewritten the same way, or undefined if it is not well-formed standalone XHTML. */
export function canonicalXhtml(div: string): string | undefined {
  const writer = new XhtmlWriter(1);
  const problem = parse(div, {
    open: (tag, depth) => (depth === 1 && (tag.name !== 'div' || tag.uri !== XHTML_NS) ? 'not a div' : writer.open(tag)),
    close: () => writer.close(),
    content: (write) => write(writer),
  });
  return problem || !writer.standalone ? undefined : writer.out;
}

interface Visitor {
  /** An opened element at depth (root = 1); returns a problem, if any. */
  open(tag: SaxTag, depth: number): string | undefined;
  close(depth: number): unknown;
  /** Text, CDATA, comments and instructions, for the narrative writer. */
  content(write: (writer: XhtmlWriter) => void): void;
}

/** One strict sax pass; returns the first problem: error, DOCTYPE, second root, depth, or the visitor's. */
function parse(text: string, visitor: Visitor): string | undefined {
  const parser = sax.parser(true, { xmlns: true });
  let problem: string | undefined;
  let depth = 0;
  let roots = 0;
  parser.onerror = (error) => (problem ??= firstLine(error));
  parser.ondoctype = () => (problem ??= 'a DOCTYPE is not accepted');
  parser.onopentag = (tag) => {
    if (depth === 0 && ++roots > 1) problem ??= 'more than one root element';
    if (++depth > MAX_DEPTH) problem ??= `elements are nested deeper than ${MAX_DEPTH} levels`;
    problem ??= visitor.open(tag, depth);
  };
  parser.onclosetag = () => visitor.close(depth--);
  parser.ontext = (t) => visitor.content((w) => w.text(t));
  parser.oncdata = (t) => visitor.content((w) => (w.out += t));
  parser.onopencdata = () => visitor.content((w) => (w.out += '<![CDATA['));
  parser.onclosecdata = () => visitor.content((w) => (w.out += ']]>'));
  parser.oncomment = (c) => visitor.content((w) => (w.out += `<!--${c}-->`));
  parser.onprocessinginstruction = (pi) => visitor.content((w) => (w.out += `<?${pi.name} ${pi.body}?>`));
  try {
    parser.write(text).close();
  } catch (error) {
    problem ??= firstLine(error);
  }
  return problem;
}

/** Why an element outside the narrative is not FHIR XML, if it is not. */
function notFhirMarkup(tag: SaxTag): string | undefined {
  if (tag.local === 'div') return `the narrative <${tag.name}> must be in the ${XHTML_NS} namespace`;
  if (tag.uri !== FHIR_NS) return `<${tag.name}> is not in the ${FHIR_NS} namespace`;
  const attribute = Object.values(tag.attributes).find(
    (a) => a.prefix === '' && a.name !== 'xmlns' && !FHIR_ATTRIBUTES.has(a.name),
  );
  return attribute && `<${tag.name}> has an attribute ${attribute.name} that FHIR XML does not define`;
}

/** Writes xhtml back as it came (same tags, attributes, text and layout), escaped as XML requires. */
class XhtmlWriter {
  out = '';
  /** False when a name uses a prefix the div may not declare itself: FHIR.js handles that div. */
  standalone = true;
  private readonly stack: SaxTag[] = [];

  constructor(readonly depth: number) {}

  open(tag: SaxTag): undefined {
    const attributes = Object.values(tag.attributes);
    if ([tag, ...attributes].some((n) => n.prefix !== '' && n.prefix !== 'xml' && n.prefix !== 'xmlns')) this.standalone = false;
    const written = attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
    this.out += `<${tag.name}${written}${tag.isSelfClosing ? '/>' : '>'}`;
    this.stack.push(tag);
    return undefined;
  }

  /** Returns true (the element it closed was written by this writer). */
  close(): boolean {
    const tag = this.stack.pop();
    if (tag && !tag.isSelfClosing) this.out += `</${tag.name}>`;
    return tag !== undefined;
  }

  text(text: string): void {
    this.out += text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
