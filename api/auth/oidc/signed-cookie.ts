/**
 * Small signed values for cookies (the login attempt between redirect and callback): JSON with an
 * expiry, then an HMAC-SHA256 with the current cookie secret. Any of the secrets still kept
 * verifies, so a rotation does not break sign-ins in progress.
 */
import crypto from 'node:crypto';

export function signValue(value: unknown, secrets: readonly string[], maxAgeSeconds: number): string {
  const body = Buffer.from(JSON.stringify({ v: value, exp: Date.now() + maxAgeSeconds * 1000 })).toString('base64url');
  return `${body}.${mac(body, secrets[0])}`;
}

export function verifyValue<T>(signed: string | undefined, secrets: readonly string[]): T | undefined {
  const [body, signature, extra] = (signed ?? '').split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const given = Buffer.from(signature);
  const valid = secrets.some((secret) => {
    const expected = Buffer.from(mac(body, secret));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
  if (!valid) return undefined;
  try {
    const { v, exp } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { v: T; exp: number };
    return exp > Date.now() ? v : undefined;
  } catch {
    return undefined;
  }
}

function mac(body: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64url');
}
