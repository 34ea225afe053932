/**
 * The facility directory: how the rest of Lastmile sees facilities and geographic zones without
 * parsing FHIR JSON or touching FHIR storage. Reads come from the location directory table; change
 * notifications come over PostgreSQL LISTEN/NOTIFY, so every app instance hears every commit.
 */
import type pg from 'pg';
import type { LocationKind } from './location-kind.js';
import { LOCATION_CHANGED_CHANNEL } from './directory-writer.js';

export interface DirectoryLocation {
  id: string;
  /** The Lastmile code (identifier with system https://lastmile.health/fhir/sid/code), if any. */
  code?: string;
  name: string;
  kind: LocationKind;
  /** Every type coding as `system|code`. */
  typeCodes: string[];
  parentId?: string;
  /** Ids from the root of the hierarchy down to this location, itself included. */
  path: string[];
  status: string;
  /** The registry that owns the Location ('lastmile' or an external registry). */
  owner: string;
  lastUpdated: Date;
}

export interface ChildQuery {
  kind?: LocationKind;
  /** The whole subtree rather than direct children. */
  descendants?: boolean;
}

export type Unsubscribe = () => Promise<void>;

export interface FacilityDirectory {
  get(id: string): Promise<DirectoryLocation | undefined>;
  getByCode(code: string): Promise<DirectoryLocation | undefined>;
  children(id: string, query?: ChildQuery): Promise<DirectoryLocation[]>;
  /** From the root (the country) down to the location itself. */
  ancestry(id: string): Promise<DirectoryLocation[]>;
  /** Calls `listener` with the id of every Location created, changed or deleted after it commits. */
  subscribe(listener: (id: string) => void): Promise<Unsubscribe>;
}

const COLUMNS = 'id, code, name, kind, type_codes, parent_id, path, status, owner, last_updated';

export function createFacilityDirectory(pool: pg.Pool): FacilityDirectory {
  const one = async (where: string, value: string) => {
    const { rows } = await pool.query(`SELECT ${COLUMNS} FROM fhir_location_directory WHERE ${where} = $1`, [value]);
    return rows[0] ? toLocation(rows[0]) : undefined;
  };
  return {
    get: (id) => one('id', id),
    getByCode: (code) => one('code', code),
    async children(id, query = {}) {
      const scope = query.descendants ? 'path @> ARRAY[$1] AND id <> $1' : 'parent_id = $1';
      const params: unknown[] = [id];
      const kind = query.kind ? `AND kind = $${params.push(query.kind)}` : '';
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM fhir_location_directory WHERE ${scope} ${kind} ORDER BY name, id`, params);
      return rows.map(toLocation);
    },
    async ancestry(id) {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM fhir_location_directory
          WHERE id = ANY((SELECT path FROM fhir_location_directory WHERE id = $1)::text[])
          ORDER BY array_length(path, 1)`,
        [id],
      );
      return rows.map(toLocation);
    },
    async subscribe(listener) {
      const client = await pool.connect();
      const onNotification = (message: pg.Notification) => {
        if (message.channel === LOCATION_CHANGED_CHANNEL && message.payload) listener(message.payload);
      };
      client.on('notification', onNotification);
      await client.query(`LISTEN ${LOCATION_CHANGED_CHANNEL}`);
      return async () => {
        client.off('notification', onNotification);
        await client.query(`UNLISTEN ${LOCATION_CHANGED_CHANNEL}`).catch(() => undefined);
        client.release();
      };
    },
  };
}

function toLocation(row: Record<string, any>): DirectoryLocation {
  return {
    id: row.id,
    code: row.code ?? undefined,
    name: row.name,
    kind: row.kind,
    typeCodes: row.type_codes,
    parentId: row.parent_id ?? undefined,
    path: row.path,
    status: row.status,
    owner: row.owner,
    lastUpdated: row.last_updated,
  };
}
