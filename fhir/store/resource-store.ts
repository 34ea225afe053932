/**
 * The versioned resource store. Every write is one transaction that locks the current row, sets
 * meta.versionId and meta.lastUpdated (millisecond precision, strictly increasing per resource),
 * appends to the history, rewrites the search index rows and checks ownership and If-Match.
 * Content is kept as the JSON text that is served, so reads and history never re-serialise it.
 */
import crypto from 'node:crypto';
import type pg from 'pg';
import type { Resource } from '@medplum/fhirtypes';
import { conflict, gone, notFound, preconditionFailed } from '../outcomes.js';
import { extractIndexRows } from '../search/index-values.js';
import { deleteIndexRows, insertIndexRows } from './index-writer.js';
import { checkReferences, checkNoChildren } from './integrity.js';
import { inTransaction, type Queryable, type WriteSession } from './session.js';

/** The registry that owns resources created through Lastmile's own API and UI. */
export const LASTMILE_OWNER = 'lastmile';

export interface StoredResource {
  resourceType: string;
  id: string;
  version: number;
  lastUpdated: Date;
  deleted: boolean;
  owner: string;
  /** The JSON text of the version (empty for a deletion). */
  content: string;
}

export interface WriteOptions {
  /** Who writes: Lastmile itself, or the sync of a named external registry. */
  owner: string;
  /** Expected current version (If-Match); a mismatch answers 412. */
  ifMatch?: number;
}

export interface WriteResult {
  stored: StoredResource;
  /** 'created' for a new resource, 'updated', or 'unchanged' when the content was identical. */
  outcome: 'created' | 'updated' | 'unchanged' | 'deleted';
}

interface CurrentRow {
  version: number;
  last_updated: Date;
  deleted: boolean;
  owner: string;
  content: string;
}

/** Read models kept in step with the store, inside the writing transaction (e.g. the location directory). */
export interface WriteHooks {
  afterWrite?(session: WriteSession, resource: Resource, stored: StoredResource): Promise<void>;
  afterDelete?(session: WriteSession, resourceType: string, id: string): Promise<void>;
}

export class ResourceStore {
  constructor(
    readonly pool: pg.Pool,
    private readonly hooks: WriteHooks = {},
  ) {}

  transaction<T>(work: (session: WriteSession) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  async read(resourceType: string, id: string, db: Queryable = this.pool): Promise<StoredResource> {
    const { rows } = await db.query(
      'SELECT version, last_updated, deleted, owner, content FROM fhir_resource WHERE resource_type = $1 AND id = $2',
      [resourceType, id],
    );
    const row = rows[0] as CurrentRow | undefined;
    if (!row) throw notFound(`${resourceType}/${id} is not known`);
    if (row.deleted) throw gone(`${resourceType}/${id} was deleted`);
    return toStored(resourceType, id, row);
  }

  async vread(resourceType: string, id: string, version: number, db: Queryable = this.pool): Promise<StoredResource> {
    const { rows } = await db.query(
      `SELECT h.version, h.last_updated, h.method = 'DELETE' AS deleted, r.owner, coalesce(h.content, '') AS content
         FROM fhir_history h JOIN fhir_resource r USING (resource_type, id)
        WHERE h.resource_type = $1 AND h.id = $2 AND h.version = $3`,
      [resourceType, id, version],
    );
    const row = rows[0] as CurrentRow | undefined;
    if (!row) throw notFound(`${resourceType}/${id} has no version ${version}`);
    if (row.deleted) throw gone(`version ${version} of ${resourceType}/${id} is a deletion`);
    return toStored(resourceType, id, row);
  }

  /** Creates with a server-chosen id (a UUID). */
  create(resource: Resource, options: WriteOptions, session?: WriteSession): Promise<WriteResult> {
    return this.within(session, (s) => this.put({ ...resource, id: crypto.randomUUID() }, options, s, 'POST'));
  }

  /** Updates, or creates with the client's id when it does not exist yet (update-as-create). */
  update(resource: Resource & { id: string }, options: WriteOptions, session?: WriteSession): Promise<WriteResult> {
    return this.within(session, (s) => this.put(resource, options, s, 'PUT'));
  }

  async delete(resourceType: string, id: string, options: WriteOptions, session?: WriteSession): Promise<WriteResult | undefined> {
    return this.within(session, async (s) => {
      const current = await lockCurrent(s.db, resourceType, id);
      if (!current || current.deleted) return undefined; // deleting what is not there is not an error
      checkWritable(resourceType, id, current, options);
      const stored: StoredResource = {
        resourceType,
        id,
        version: current.version + 1,
        lastUpdated: nextInstant(await s.instant(), current.last_updated),
        deleted: true,
        owner: current.owner,
        content: '',
      };
      await s.db.query(
        `UPDATE fhir_resource SET version = $3, last_updated = $4, deleted = true WHERE resource_type = $1 AND id = $2`,
        [resourceType, id, stored.version, stored.lastUpdated],
      );
      await appendHistory(s.db, stored, 'DELETE');
      await deleteIndexRows(s.db, resourceType, id);
      await this.hooks.afterDelete?.(s, resourceType, id);
      s.defer((db) => checkNoChildren(db, resourceType, id));
      return { stored, outcome: 'deleted' };
    });
  }

  private within<T>(session: WriteSession | undefined, work: (session: WriteSession) => Promise<T>): Promise<T> {
    return session ? work(session) : this.transaction(work);
  }

  private async put(resource: Resource & { id: string }, options: WriteOptions, session: WriteSession, method: 'POST' | 'PUT'): Promise<WriteResult> {
    const { resourceType, id } = resource;
    const current = method === 'PUT' ? await lockCurrent(session.db, resourceType, id) : undefined;
    if (current) checkWritable(resourceType, id, current, options);
    else if (options.ifMatch !== undefined) throw preconditionFailed(`${resourceType}/${id} does not exist, so If-Match cannot hold`);

    if (current && !current.deleted && withMeta(resource, current.version, current.last_updated) === current.content) {
      return { stored: toStored(resourceType, id, current), outcome: 'unchanged' };
    }
    const version = (current?.version ?? 0) + 1;
    const lastUpdated = nextInstant(await session.instant(), current?.last_updated);
    const content = withMeta(resource, version, lastUpdated);
    const owner = current?.owner ?? options.owner;
    const stored: StoredResource = { resourceType, id, version, lastUpdated, deleted: false, owner, content };

    await session.db.query(
      `INSERT INTO fhir_resource (resource_type, id, version, last_updated, deleted, owner, content)
       VALUES ($1, $2, $3, $4, false, $5, $6)
       ON CONFLICT (resource_type, id) DO UPDATE
         SET version = excluded.version, last_updated = excluded.last_updated, deleted = false, content = excluded.content`,
      [resourceType, id, version, lastUpdated, owner, content],
    );
    await appendHistory(session.db, stored, method);
    const rows = extractIndexRows(resource);
    if (current) await deleteIndexRows(session.db, resourceType, id);
    await insertIndexRows(session.db, resourceType, id, rows);
    if (rows.references.length > 0) session.defer((db) => checkReferences(db, resourceType, id, rows.references));
    await this.hooks.afterWrite?.(session, resource, stored);
    return { stored, outcome: current && !current.deleted ? 'updated' : 'created' };
  }
}

async function lockCurrent(db: Queryable, resourceType: string, id: string): Promise<CurrentRow | undefined> {
  const { rows } = await db.query(
    'SELECT version, last_updated, deleted, owner, content FROM fhir_resource WHERE resource_type = $1 AND id = $2 FOR UPDATE',
    [resourceType, id],
  );
  return rows[0] as CurrentRow | undefined;
}

function checkWritable(resourceType: string, id: string, current: CurrentRow, options: WriteOptions): void {
  if (current.owner !== options.owner) {
    throw conflict(`${resourceType}/${id} is owned by the registry "${current.owner}" and can only be changed by its sync`);
  }
  if (options.ifMatch !== undefined && options.ifMatch !== current.version) {
    throw preconditionFailed(`${resourceType}/${id} is at version ${current.version}, not ${options.ifMatch} (If-Match)`);
  }
}

async function appendHistory(db: Queryable, stored: StoredResource, method: 'POST' | 'PUT' | 'DELETE'): Promise<void> {
  await db.query(
    'INSERT INTO fhir_history (resource_type, id, version, last_updated, method, content) VALUES ($1, $2, $3, $4, $5, $6)',
    [stored.resourceType, stored.id, stored.version, stored.lastUpdated, method, method === 'DELETE' ? null : stored.content],
  );
}

/** The session's instant, or just after the previous version's when that is not earlier. */
function nextInstant(now: Date, previous?: Date): Date {
  return previous && previous.getTime() >= now.getTime() ? new Date(previous.getTime() + 1) : now;
}

/** The stored JSON text: resourceType, id and meta first, the server's versionId and lastUpdated. */
export function withMeta(resource: Resource, version: number, lastUpdated: Date): string {
  const { resourceType, id, meta, ...rest } = resource;
  const newMeta = { ...meta, versionId: String(version), lastUpdated: lastUpdated.toISOString() };
  return JSON.stringify({ resourceType, id, meta: newMeta, ...rest });
}

function toStored(resourceType: string, id: string, row: CurrentRow): StoredResource {
  return { resourceType, id, version: row.version, lastUpdated: row.last_updated, deleted: row.deleted, owner: row.owner, content: row.content };
}
