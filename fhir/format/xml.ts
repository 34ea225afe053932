/**
 * FHIR R4 XML for resources. FHIR.js converts (fhirjs.ts says what had to be adapted), behind a
 * strict sax pass (xml-scan.ts: well-formedness, no DOCTYPE, FHIR namespace, narratives). FHIR.js
 * silently drops elements it does not know, so the result is written again and any element name
 * that came in but not out is refused rather than lost without a word.
 */
import type { XmlElement } from 'fhir/convertToXml.js';
import { badRequest, FhirError } from '../outcomes.js';
import { isResourceType, readXml, writeXml, type Json } from './fhirjs.js';
import { firstLine, scanFhirXml } from './xml-scan.js';

export function resourceToXml(resource: object): string {
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !isResourceType(type)) {
    throw new Error(`Cannot write ${String(type)} as FHIR XML: not an R4 resource type`);
  }
  return writeXml(resource);
}

/** Parses a FHIR XML body; anything that is not a well-formed R4 resource is a 400. */
export function xmlToResource(text: string): Json {
  // Refused before any parsing, though sax would not expand entities anyway.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badRequest('XML with a DOCTYPE or entity declarations is not accepted');
  const { names, narratives } = scanFhirXml(text);
  let resource: Json | undefined;
  try {
    resource = readXml(text, checkRoot, narratives);
  } catch (error) {
    if (error instanceof FhirError) throw error;
    throw badRequest(`Invalid FHIR XML: ${firstLine(error)}`);
  }
  if (!resource) throw badRequest('Invalid FHIR XML: no root element');
  refuseDropped(names, resource);
  return resource;
}

function checkRoot(root: XmlElement): void {
  const name = root.name ?? '';
  if (isResourceType(name)) return;
  const hint = name.includes(':') ? ' (write FHIR XML without namespace prefixes)' : '';
  throw badRequest(`The XML root element <${name}> is not a FHIR R4 resource${hint}`);
}

/** An element name that came in more often than it goes out was dropped by FHIR.js. */
function refuseDropped(input: Map<string, number>, resource: Json): void {
  const output = new Map<string, number>();
  for (const [, name] of writeXml(resource).matchAll(/<([A-Za-z_][^\s/>]*)/g)) output.set(name, (output.get(name) ?? 0) + 1);
  const lost = [...input].filter(([name, n]) => n > (output.get(name) ?? 0)).map(([name]) => name);
  if (lost.length > 0) throw badRequest(`Unknown, misplaced or empty FHIR R4 element(s) in XML: ${lost.join(', ')}`);
}
