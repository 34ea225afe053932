/**
 * SMART-style system scopes for machine clients: `system/<ResourceType|*>.<permissions>`, where the
 * permissions are SMART v1's `read`, `write` or `*`, or SMART v2's letters `cruds` (create, read,
 * update, delete, search). A client is granted what it asks for only as far as its allowed scopes
 * cover it: `system/*.read` covers `system/Location.read`, `system/Location.*` covers both
 * `system/Location.read` and `system/Location.write`.
 */

const SYSTEM_SCOPE = /^system\/(\*|[A-Z][A-Za-z]{0,63})\.(read|write|\*|c?r?u?d?s?)$/;
const ALL = 'cruds';
const LETTERS: Record<string, string> = { read: 'rs', write: 'cud', '*': ALL };

export type Interaction = 'read' | 'write';

interface ParsedScope {
  resourceType: string;
  letters: Set<string>;
}

export function isSystemScope(scope: string): boolean {
  const match = SYSTEM_SCOPE.exec(scope);
  return match !== null && match[2] !== '';
}

function parse(scope: string): ParsedScope | undefined {
  const match = SYSTEM_SCOPE.exec(scope);
  if (!match || match[2] === '') return undefined;
  const [, resourceType, permissions] = match;
  return { resourceType, letters: new Set(LETTERS[permissions] ?? permissions) };
}

/** The permission letters the scopes give on a resource type (its own scopes and the `*` ones). */
function lettersFor(scopes: readonly ParsedScope[], resourceType: string): Set<string> {
  const letters = new Set<string>();
  for (const scope of scopes) {
    if (scope.resourceType === '*' || scope.resourceType === resourceType) scope.letters.forEach((letter) => letters.add(letter));
  }
  return letters;
}

function covered(requested: ParsedScope, allowed: readonly ParsedScope[]): boolean {
  const available = requested.resourceType === '*' ? lettersFor(allowed.filter((scope) => scope.resourceType === '*'), '*') : lettersFor(allowed, requested.resourceType);
  return [...requested.letters].every((letter) => available.has(letter));
}

/** The requested scopes the allowed ones cover, in the order asked; anything else is dropped. */
export function grantedScopes(requested: readonly string[], allowed: readonly string[]): string[] {
  const allowedParsed = allowed.map(parse).filter((scope): scope is ParsedScope => scope !== undefined);
  return [...new Set(requested)].filter((scope) => {
    const parsed = parse(scope);
    return parsed !== undefined && covered(parsed, allowedParsed);
  });
}

/** Whether scopes (a token's) allow an interaction on a resource type: what /fhir checks per request. */
export function scopesAllow(scopes: readonly string[], resourceType: string, interaction: Interaction): boolean {
  const needed = interaction === 'read' ? 'system/' + resourceType + '.read' : 'system/' + resourceType + '.write';
  return grantedScopes([needed], scopes).length === 1;
}
