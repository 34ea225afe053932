/**
 * oidc-provider's storage in PostgreSQL, so restarts and several instances share sessions, grants,
 * codes, refresh tokens and interactions: one row per model instance with its expiry (expired
 * rows are invisible, and swept now and then). Clients are read from oauth_clients instead, so an
 * administrator registers them in one place.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { findActiveClient, providerMetadata } from '../clients/client.service.js';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export type AdapterClass = new (model: string) => Adapter;

export function postgresAdapter(dataSource: DataSource): AdapterClass {
  let lastSweep = 0;
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = Date.now();
    // A sweep is housekeeping: a failure (the pool closing at shutdown) only delays the next one.
    dataSource.query('DELETE FROM oidc_payloads WHERE expires_at < now()').catch(() => undefined);
  };

  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      sweep();
      await dataSource.query(
        `INSERT INTO oidc_payloads (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
           user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [this.model, id, payload, payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ?? null],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return findClient(dataSource, id);
      return this.#findWhere('id = $2', id);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#findWhere('uid = $2', uid);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#findWhere('user_code = $2', userCode);
    }

    async consume(id: string): Promise<void> {
      await dataSource.query('UPDATE oidc_payloads SET consumed_at = now() WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      await dataSource.query('DELETE FROM oidc_payloads WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await dataSource.query('DELETE FROM oidc_payloads WHERE grant_id = $1', [grantId]);
    }

    async #findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
      const rows: Array<{ payload: AdapterPayload; consumed: number | null }> = await dataSource.query(
        `SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM oidc_payloads
          WHERE model = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
        [this.model, value],
      );
      const row = rows[0];
      if (!row) return undefined;
      return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
    }
  };
}

async function findClient(dataSource: DataSource, clientId: string): Promise<AdapterPayload | undefined> {
  const client = await findActiveClient(dataSource, clientId);
  return client ? providerMetadata(client) : undefined;
}
