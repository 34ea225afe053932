/**
 * Where users and clients reach Lastmile: PUBLIC_URL, or http://localhost:PORT. The issuer is that
 * base + /auth and the API's audience (resource indicator) base + /api. With PORT=0 (tests) the
 * port is known only once the server listens, so the base is fixed by the first request.
 */
import type { IncomingMessage } from 'node:http';

export interface AuthUrls {
  base: string;
  issuer: string;
  /** The resource indicator and `aud` of access tokens for /api and /fhir. */
  apiAudience: string;
  loginCallback: string;
}

export class PublicUrls {
  #urls?: AuthUrls;

  constructor(configured: string | undefined, port: number) {
    const base = configured ?? (port > 0 ? `http://localhost:${port}` : undefined);
    if (base) this.#urls = urlsFor(base);
  }

  /** The URLs, fixed by this request's local port when the configuration did not say. */
  of(req: IncomingMessage): AuthUrls {
    return (this.#urls ??= urlsFor(`http://localhost:${req.socket.localPort}`));
  }

  /** Whether users reach Lastmile over TLS (cookies are then Secure). */
  get secure(): boolean {
    return this.#urls?.base.startsWith('https:') ?? false;
  }
}

export function urlsFor(base: string): AuthUrls {
  return { base, issuer: `${base}/auth`, apiAudience: `${base}/api`, loginCallback: `${base}/api/login/callback` };
}

/**
 * How this server reaches itself: the address and port the request came in on. The relying party
 * talks to the embedded provider this way (with X-Forwarded-Host/Proto naming the public base), so
 * it works behind a proxy whose public name does not resolve from inside.
 */
export function loopbackOrigin(req: IncomingMessage): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}
