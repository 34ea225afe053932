/**
 * References as suppliers write them: relative (`Location/1`, `Location/1/_history/2`) or absolute
 * on the supplier's own base (`https://mfl/fhir/Location/1`). Both point into the registry; any
 * other absolute URL points elsewhere and is left alone.
 */
const ID = '[A-Za-z0-9\\-.]{1,64}';
const RELATIVE = new RegExp(`^([A-Z][A-Za-z]+)/(${ID})(?:/_history/[^/]+)?$`);

export interface Target {
  type: string;
  id: string;
}

export function isFhirId(text: unknown): text is string {
  return typeof text === 'string' && new RegExp(`^${ID}$`).test(text);
}

/** The registry resource a reference (or a request.url, or a fullUrl) names, if it names one. */
export function registryTarget(reference: unknown, baseUrl: string): Target | undefined {
  if (typeof reference !== 'string') return undefined;
  let path = reference.split('?')[0];
  if (/^https?:\/\//.test(path)) {
    if (!path.startsWith(`${baseUrl}/`)) return undefined;
    path = path.slice(baseUrl.length + 1);
  }
  const match = RELATIVE.exec(path.replace(/^\//, ''));
  return match ? { type: match[1], id: match[2] } : undefined;
}

/** Calls `visit` for every `reference` string in a resource, replacing it with what `visit` returns. */
export function mapReferences(node: unknown, visit: (reference: string) => string): void {
  if (Array.isArray(node)) {
    for (const item of node) mapReferences(item, visit);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === 'reference' && typeof value === 'string') record[key] = visit(value);
      else if (typeof value === 'object') mapReferences(value, visit);
    }
  }
}

/** Every `reference` string in a resource. */
export function referencesIn(node: unknown): string[] {
  const found: string[] = [];
  mapReferences(node, (reference) => {
    found.push(reference);
    return reference;
  });
  return found;
}
