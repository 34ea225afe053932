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
import { deleteIndexRows, indexInserts } from './index-writer.js';
import { deferChildrenCheck, deferReferenceChecks, type ReferenceTuple } from './integrity.js';
import { FHIR_CHANGED_CHANNEL, type ReadCache } from './read-cache.js';
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

/** One resource to write: POST gets a new id (already set by the caller), PUT may create or update. */
export interface PutRequest {
  resource: Resource & { id: string };
  method: 'POST' | 'PUT';
  ifMatch?: number;
}

/** A version just written, with the resource it came from (for read models kept by hooks). */
export interface Written {
  resource: Resource;
  stored: StoredResource;
  /** Whether the resource had no live version before this write. */
  created: boolean;
}

/** A version about to be persisted: how it was asked for, and whether a row existed before. */
type PendingVersion = Written & { method: 'POST' | 'PUT'; existed: boolean };

interface CurrentRow {
  resource_type: string;
  id: string;
  version: number;
  last_updated: Date;
  deleted: boolean;
  owner: string;
  content: string;
}

/** Read models kept in step with the store, inside the writing transaction (e.g. the location directory). */
export interface WriteHooks {
  afterWrite?(session: WriteSession, written: Written[]): Promise<void>;
  afterDelete?(session: WriteSession, resourceType: string, id: string): Promise<void>;
}

export class ResourceStore {
  constructor(
    readonly pool: pg.Pool,
    private readonly hooks: WriteHooks = {},
    private readonly cache?: ReadCache,
  ) {}

  transaction<T>(work: (session: WriteSession) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work, { afterCommit: (session) => this.cache?.invalidate(session.changed) });
  }

  /** The current version; outside a transaction served from the read cache when it can be. */
  async read(resourceType: string, id: string, db: Queryable = this.pool): Promise<StoredResource> {
    const cacheable = this.cache && db === this.pool;
    const cacheKey = key(resourceType, id);
    const cached = cacheable ? this.cache!.get(cacheKey) : undefined;
    if (cached) return cached;
    const generation = this.cache?.generation ?? 0;
    const stored = await this.readFromDatabase(resourceType, id, db);
    if (cacheable) this.cache!.set(cacheKey, stored, generation);
    return stored;
  }

  private async readFromDatabase(resourceType: string, id: string, db: Queryable): Promise<StoredResource> {
    // A named statement: each connection parses and plans the hottest query once, not per read.
    const { rows } = await db.query({
      name: 'fhir-read',
      text: 'SELECT resource_type, id, version, last_updated, deleted, owner, content FROM fhir_resource WHERE resource_type = $1 AND id = $2',
      values: [resourceType, id],
    });
    const row = rows[0] as CurrentRow | undefined;
    if (!row) throw notFound(`${resourceType}/${id} is not known`);
    if (row.deleted) throw gone(`${resourceType}/${id} was deleted`);
    return toStored(row);
  }

  async vread(resourceType: string, id: string, version: number, db: Queryable = this.pool): Promise<StoredResource> {
    const { rows } = await db.query(
      `SELECT h.resource_type, h.id, h.version, h.last_updated, h.method = 'DELETE' AS deleted, r.owner, coalesce(h.content, '') AS content
         FROM fhir_history h JOIN fhir_resource r USING (resource_type, id)
        WHERE h.resource_type = $1 AND h.id = $2 AND h.version = $3`,
      [resourceType, id, version],
    );
    const row = rows[0] as CurrentRow | undefined;
    if (!row) throw notFound(`${resourceType}/${id} has no version ${version}`);
    if (row.deleted) throw gone(`version ${version} of ${resourceType}/${id} is a deletion`);
    return toStored(row);
  }

  /** Creates with a server-chosen id (a UUID). */
  async create(resource: Resource, options: WriteOptions, session?: WriteSession): Promise<WriteResult> {
    const request: PutRequest = { resource: { ...resource, id: crypto.randomUUID() }, method: 'POST' };
    return (await this.within(session, (s) => this.putMany([request], options.owner, s)))[0];
  }

  /** Updates, or creates with the client's id when it does not exist yet (update-as-create). */
  async update(resource: Resource & { id: string }, options: WriteOptions, session?: WriteSession): Promise<WriteResult> {
    const request: PutRequest = { resource, method: 'PUT', ifMatch: options.ifMatch };
    return (await this.within(session, (s) => this.putMany([request], options.owner, s)))[0];
  }

  /**
   * Writes many resources with a fixed number of statements, whatever their number: the batch
   * path of transaction Bundles and registry syncs. Results come back in request order.
   */
  async putMany(requests: PutRequest[], owner: string, session: WriteSession): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    for (const chunk of withoutRepeats(requests)) results.push(...(await this.putChunk(chunk, owner, session)));
    return results;
  }

  async delete(resourceType: string, id: string, options: WriteOptions, session?: WriteSession): Promise<WriteResult | undefined> {
    return this.within(session, async (s) => {
      const current = (await lockCurrent(s.db, [[resourceType, id]])).get(key(resourceType, id));
      if (!current || current.deleted) return undefined; // deleting what is not there is not an error
      checkWritable(current, options.owner, options.ifMatch);
      const stored: StoredResource = { ...toStored(current), version: current.version + 1, lastUpdated: nextInstant(await s.instant(), current.last_updated), deleted: true, content: '' };
      await s.db.query(
        `UPDATE fhir_resource SET version = $3, last_updated = $4, deleted = true WHERE resource_type = $1 AND id = $2`,
        [resourceType, id, stored.version, stored.lastUpdated],
      );
      await appendHistory(s.db, [[stored, 'DELETE']]);
      s.changed.push(key(resourceType, id));
      await deleteIndexRows(s.db, [[resourceType, id]]);
      await this.hooks.afterDelete?.(s, resourceType, id);
      deferChildrenCheck(s, resourceType, id);
      return { stored, outcome: 'deleted' };
    });
  }

  private within<T>(session: WriteSession | undefined, work: (session: WriteSession) => Promise<T>): Promise<T> {
    return session ? work(session) : this.transaction(work);
  }

  private async putChunk(requests: PutRequest[], owner: string, session: WriteSession): Promise<WriteResult[]> {
    const puts = requests.filter((r) => r.method === 'PUT').map((r): [string, string] => [r.resource.resourceType, r.resource.id]);
    const currents = await lockCurrent(session.db, puts);
    const now = await session.instant();
    const results: WriteResult[] = [];
    const written: PendingVersion[] = [];
    for (const { resource, method, ifMatch } of requests) {
      const current = currents.get(key(resource.resourceType, resource.id));
      if (current) checkWritable(current, owner, ifMatch);
      else if (ifMatch !== undefined) throw preconditionFailed(`${resource.resourceType}/${resource.id} does not exist, so If-Match cannot hold`);
      if (current && !current.deleted && withMeta(resource, current.version, current.last_updated) === current.content) {
        results.push({ stored: toStored(current), outcome: 'unchanged' });
        continue;
      }
      const version = (current?.version ?? 0) + 1;
      const lastUpdated = nextInstant(now, current?.last_updated);
      const stored: StoredResource = {
        resourceType: resource.resourceType, id: resource.id, version, lastUpdated, deleted: false,
        owner: current?.owner ?? owner, content: withMeta(resource, version, lastUpdated),
      };
      const created = !current || current.deleted;
      written.push({ resource, stored, created, method, existed: current !== undefined });
      results.push({ stored, outcome: created ? 'created' : 'updated' });
    }
    if (written.length > 0) await this.persist(written, session);
    return results;
  }

  /**
   * One statement writes the current rows, the history (with its NOTIFY) and the new index rows;
   * only updates first need their old index rows removed.
   */
  private async persist(written: PendingVersion[], session: WriteSession): Promise<void> {
    const stored = written.map((w) => w.stored);
    const params: unknown[] = [stored.map((s) => s.resourceType), stored.map((s) => s.id), stored.map((s) => s.version), stored.map((s) => s.lastUpdated), stored.map((s) => s.owner), stored.map((s) => s.content)];
    const indexed = written.map((w) => ({ resourceType: w.stored.resourceType, id: w.stored.id, rows: extractIndexRows(w.resource) }));
    await deleteIndexRows(session.db, written.filter((w) => w.existed).map((w) => [w.stored.resourceType, w.stored.id]));
    const ctes = [
      `current AS (INSERT INTO fhir_resource (resource_type, id, version, last_updated, deleted, owner, content)
         SELECT t, i, v, u, false, o, c FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[]) AS x(t, i, v, u, o, c)
         ON CONFLICT (resource_type, id) DO UPDATE
           SET version = excluded.version, last_updated = excluded.last_updated, deleted = false, content = excluded.content)`,
      `written AS (${historyInsert(params, written.map((w) => [w.stored, w.method]))})`,
      ...indexInserts(indexed, params).map((insert, i) => `index${i} AS (${insert})`),
    ];
    await session.db.query(`WITH ${ctes.join(',\n')} ${announceWritten(params)}`, params);
    session.changed.push(...stored.map((s) => key(s.resourceType, s.id)));
    deferReferenceChecks(session, indexed.flatMap(({ resourceType, id, rows }) => rows.references.map((r): ReferenceTuple => [resourceType, id, ...r])));
    await this.hooks.afterWrite?.(session, written);
  }
}

/** Splits requests so that no chunk names the same resource twice (they must apply in order). */
function withoutRepeats(requests: PutRequest[]): PutRequest[][] {
  const chunks: PutRequest[][] = [[]];
  let seen = new Set<string>();
  for (const request of requests) {
    const k = key(request.resource.resourceType, request.resource.id);
    if (seen.has(k)) {
      chunks.push([]);
      seen = new Set();
    }
    seen.add(k);
    chunks[chunks.length - 1].push(request);
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

const key = (resourceType: string, id: string) => `${resourceType}/${id}`;

async function lockCurrent(db: Queryable, keys: Array<[string, string]>): Promise<Map<string, CurrentRow>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT r.resource_type, r.id, r.version, r.last_updated, r.deleted, r.owner, r.content
       FROM fhir_resource r JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id) USING (resource_type, id)
      ORDER BY r.resource_type, r.id FOR UPDATE OF r`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  return new Map((rows as CurrentRow[]).map((row) => [key(row.resource_type, row.id), row]));
}

function checkWritable(current: CurrentRow, owner: string, ifMatch: number | undefined): void {
  const what = key(current.resource_type, current.id);
  if (current.owner !== owner) throw conflict(`${what} is owned by the registry "${current.owner}" and can only be changed by its sync`);
  if (ifMatch !== undefined && ifMatch !== current.version) throw preconditionFailed(`${what} is at version ${current.version}, not ${ifMatch} (If-Match)`);
}

/** Appends versions (here: deletions) to the history, announcing them as `historyInsert` does. */
async function appendHistory(db: Queryable, versions: Array<[StoredResource, 'POST' | 'PUT' | 'DELETE']>): Promise<void> {
  const params: unknown[] = [];
  await db.query(`WITH written AS (${historyInsert(params, versions)}) ${announceWritten(params)}`, params);
}

/** An INSERT into fhir_history (for a CTE named `written`) returning each version's `Type/id`. */
function historyInsert(params: unknown[], versions: Array<[StoredResource, 'POST' | 'PUT' | 'DELETE']>): string {
  const columns = [
    versions.map(([s]) => s.resourceType),
    versions.map(([s]) => s.id),
    versions.map(([s]) => s.version),
    versions.map(([s]) => s.lastUpdated),
    versions.map(([, method]) => method),
    versions.map(([s, method]) => (method === 'DELETE' ? null : s.content)),
  ];
  const types = ['text', 'text', 'int', 'timestamptz', 'text', 'text'];
  const placeholders = columns.map((column, i) => `$${params.push(column)}::${types[i]}[]`);
  return `INSERT INTO fhir_history (resource_type, id, version, last_updated, method, content)
          SELECT * FROM unnest(${placeholders.join(', ')}) RETURNING resource_type || '/' || id AS k`;
}

/**
 * Tells every app instance's read cache which resources the statement wrote: PostgreSQL delivers
 * a NOTIFY only if and when the transaction commits. Keys go 80 to a payload (a payload holds at
 * most 8000 bytes; a key at most about 90).
 */
function announceWritten(params: unknown[]): string {
  const channel = params.push(FHIR_CHANGED_CHANNEL);
  return `SELECT pg_notify($${channel}, string_agg(k, ',')) FROM (SELECT k, (row_number() OVER ()) / 80 AS batch FROM written) keys GROUP BY batch`;
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

function toStored(row: CurrentRow): StoredResource {
  return { resourceType: row.resource_type, id: row.id, version: row.version, lastUpdated: row.last_updated, deleted: row.deleted, owner: row.owner, content: row.content };
}
