/**
 * The identity provider's keys, kept in PostgreSQL so every instance signs and verifies alike:
 * ES256 signing keys (the JWKS) and the secrets that sign cookies. The first start generates them;
 * a start after the rotation age (or rotateAuthKeys) makes new ones current. A retired signing key
 * stays published until every token it signed has expired, then it is deleted. Key material is
 * never logged.
 */
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { JWK } from 'jose';

export interface KeyPolicy {
  /** Age at which a start makes new keys current (0: never rotate automatically). */
  rotationDays: number;
  /** How long a retired signing key stays published: the longest token lifetime it may have signed. */
  signingRetentionSeconds: number;
  /** How long a retired cookie secret still verifies: the longest session. */
  cookieRetentionSeconds: number;
}

interface KeyRow {
  kid: string;
  kind: 'signing' | 'cookie';
  material: JWK | { secret: string };
  retired: boolean;
}

export const SIGNING_ALG = 'ES256' as const;
const KEYS_LOCK = 7_316_101; // pg_advisory_xact_lock key: "generate or rotate the auth keys"
const RELOAD_INTERVAL_MS = 10_000;
const MARGIN_SECONDS = 60;

export class AuthKeys {
  #rows: KeyRow[];
  #publicKeys = new Map<string, crypto.KeyObject>();
  #reloadedAt = Date.now();

  private constructor(
    private readonly dataSource: DataSource,
    rows: KeyRow[],
  ) {
    this.#rows = rows;
    this.#indexPublicKeys();
  }

  /** Generates missing keys, rotates keys past their age, forgets expired ones, and loads the rest. */
  static async load(dataSource: DataSource, policy: KeyPolicy): Promise<AuthKeys> {
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
      if (await rotationDue(manager, policy.rotationDays)) await insertNewKeys(manager);
      await forgetExpired(manager, policy);
    });
    return new AuthKeys(dataSource, await readRows(dataSource.manager));
  }

  /** Private JWKs for oidc-provider, the current key first (it signs with the first). */
  signingJwks(): JWK[] {
    return this.#rows.filter((row) => row.kind === 'signing').map((row) => ({ ...(row.material as JWK) }));
  }

  /** The key new tokens are signed with. */
  currentSigningKey(): { kid: string; key: crypto.KeyObject } {
    const row = this.#rows.find((candidate) => candidate.kind === 'signing' && !candidate.retired)!;
    return { kid: row.kid, key: crypto.createPrivateKey({ key: row.material as crypto.JsonWebKey, format: 'jwk' }) };
  }

  /** Cookie signing secrets, the current one first. */
  cookieSecrets(): string[] {
    return this.#rows.filter((row) => row.kind === 'cookie').map((row) => (row.material as { secret: string }).secret);
  }

  /**
   * The public key a token names. A kid not seen yet may be another instance's newer key: the keys
   * are read again, at most every few seconds so forged kids cannot load the database.
   */
  async publicKey(kid: string | undefined): Promise<crypto.KeyObject | undefined> {
    if (!kid) return undefined;
    if (!this.#publicKeys.has(kid) && Date.now() - this.#reloadedAt > RELOAD_INTERVAL_MS) {
      this.#reloadedAt = Date.now();
      this.#rows = await readRows(this.dataSource.manager);
      this.#indexPublicKeys();
    }
    return this.#publicKeys.get(kid);
  }

  #indexPublicKeys(): void {
    this.#publicKeys = new Map(
      this.#rows
        .filter((row) => row.kind === 'signing')
        .map((row) => [row.kid, crypto.createPublicKey({ key: row.material as crypto.JsonWebKey, format: 'jwk' })]),
    );
  }
}

/** Makes new keys current now (an administrator's rotation); instances pick them up at their next start. */
export async function rotateAuthKeys(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
    await insertNewKeys(manager);
  });
}

async function rotationDue(manager: EntityManager, rotationDays: number): Promise<boolean> {
  const [row] = await manager.query(
    `SELECT count(*) FILTER (WHERE kind = 'signing')::int AS signing, count(*) FILTER (WHERE kind = 'cookie')::int AS cookie,
            min(now() - created_at) FILTER (WHERE kind = 'signing') > make_interval(days => $1) AS old
       FROM auth_keys WHERE retired_at IS NULL`,
    [rotationDays],
  );
  return row.signing === 0 || row.cookie === 0 || (rotationDays > 0 && row.old === true);
}

async function insertNewKeys(manager: EntityManager): Promise<void> {
  await manager.query('UPDATE auth_keys SET retired_at = now() WHERE retired_at IS NULL');
  const signing = newSigningJwk();
  const cookie = { secret: crypto.randomBytes(32).toString('base64url') };
  await manager.query(`INSERT INTO auth_keys (kid, kind, material) VALUES ($1, 'signing', $2), ($3, 'cookie', $4)`, [
    signing.kid,
    signing,
    crypto.randomUUID(),
    cookie,
  ]);
}

async function forgetExpired(manager: EntityManager, policy: KeyPolicy): Promise<void> {
  await manager.query(
    `DELETE FROM auth_keys
      WHERE (kind = 'signing' AND retired_at < now() - make_interval(secs => $1))
         OR (kind = 'cookie' AND retired_at < now() - make_interval(secs => $2))`,
    [policy.signingRetentionSeconds + MARGIN_SECONDS, policy.cookieRetentionSeconds + MARGIN_SECONDS],
  );
}

async function readRows(manager: EntityManager): Promise<KeyRow[]> {
  const rows: Array<{ kid: string; kind: 'signing' | 'cookie'; material: KeyRow['material']; retired: boolean }> = await manager.query(
    `SELECT kid, kind, material, retired_at IS NOT NULL AS retired FROM auth_keys ORDER BY retired_at IS NOT NULL, created_at DESC`,
  );
  return rows;
}

function newSigningJwk(): JWK {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = crypto.hash('sha256', JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }), 'base64url');
  return { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
}
