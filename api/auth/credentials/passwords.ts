/**
 * Password and client secret hashing with argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane:
 * about 30 ms here). Hashes carry their own parameters, so raising them later rehashes each
 * password at its owner's next successful login.
 */
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const MIN_LENGTH = 8;
const MAX_LENGTH = 256;
/** Passwords a production installation refuses outright: the demo's and OpenLMIS's defaults. */
const WELL_KNOWN = new Set(['password', 'changeme', 'administrator', 'admin', 'password1', '12345678', '123456789']);

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** Whether the password matches; a malformed hash is simply no match. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (password.length > MAX_LENGTH) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, OPTIONS);
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends a verification's time when there is nothing to verify, so timing does not reveal usernames. */
export async function verifyNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('an unused password that nobody has');
  await verifyPassword(await dummyHash, password);
}

export function isWellKnownPassword(password: string): boolean {
  return WELL_KNOWN.has(password.toLowerCase());
}

/** The problem with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < MIN_LENGTH) return `must be at least ${MIN_LENGTH} characters`;
  if (password.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (isWellKnownPassword(password)) return 'is a well-known default password';
  if (username !== undefined && password.toLowerCase() === username.toLowerCase()) return 'must not be the username';
  return undefined;
}
