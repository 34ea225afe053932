/**
 * Writes a FhirResponse in the format the client asked for. Stored JSON text goes out untouched
 * unless XML, pretty printing, _summary or _elements need the parsed resource.
 */
import type { Request, Response } from 'express';
import { applySummary } from '../format/summary.js';
import { contentTypeFor, responseFormat, wantsPretty } from '../format/negotiate.js';
import { resourceToXml } from '../format/xml.js';
import type { FhirResponse } from './context.js';
import { queryValue } from './context.js';

export function sendFhir(req: Request, res: Response, response: FhirResponse): void {
  const format = responseFormat({ accept: req.get('accept'), formatParam: queryValue(req, '_format') });
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', contentTypeFor(format));
  const pretty = wantsPretty(queryValue(req, '_pretty'));
  const summary = queryValue(req, '_summary');
  const elements = queryValue(req, '_elements')?.split(',').map((e) => e.trim()).filter(Boolean);
  const shaped = summary !== undefined || (elements && elements.length > 0);
  if (typeof response.body === 'string' && format === 'json' && !pretty && !shaped) {
    res.send(response.body);
    return;
  }
  let body = typeof response.body === 'string' ? (JSON.parse(response.body) as object) : response.body;
  if (shaped && isSingleResource(body)) body = applySummary(body as never, { summary, elements });
  if (format === 'xml') res.send(resourceToXml(body));
  else res.send(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body));
}

/** Bundles (search, history) shape their entries themselves; a plain read is shaped here. */
function isSingleResource(body: object): boolean {
  return (body as { resourceType?: string }).resourceType !== 'Bundle';
}
