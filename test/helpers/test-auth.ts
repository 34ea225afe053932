/**
 * Authentication for tests: every route but health, metrics, login and /fhir/metadata needs a
 * session or token, and most tests are about something else (a rule of the reference data, a FHIR
 * search). So `startTestApp` registers each instance's base URL with an access token of a test
 * machine client holding every system scope (which /api treats as a trusted service, as
 * OpenLMIS does), and `fetch` in the test process sends it to that base when a request carries
 * no Authorization header of its own. Tests about access control send their own Authorization
 * header (a user's token), or `Authorization: ''` to call anonymously.
 */
const tokens = new Map<string, string>();
/** Where the token goes: the resource servers. Login, sessions and the provider are left alone. */
const RESOURCE_PATHS = ['/api/', '/fhir', '/mediators/'];
const IDENTITY_PATHS = ['/api/login', '/api/logout', '/api/session', '/api/oauth/'];
let installed = false;

export function registerTestToken(baseUrl: string, token: string): void {
  tokens.set(baseUrl, token);
  install();
}

export function forgetTestToken(baseUrl: string): void {
  tokens.delete(baseUrl);
}

function install(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const token = [...tokens].find(([base]) => RESOURCE_PATHS.some((path) => url.startsWith(`${base}${path}`)) && !IDENTITY_PATHS.some((path) => url.startsWith(`${base}${path}`)))?.[1];
    if (!token) return original(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has('authorization')) {
      if (headers.get('authorization') === '') headers.delete('authorization'); // explicitly anonymous
    } else headers.set('authorization', `Bearer ${token}`);
    return input instanceof Request ? original(new Request(input, { ...init, headers })) : original(input, { ...init, headers });
  };
}
