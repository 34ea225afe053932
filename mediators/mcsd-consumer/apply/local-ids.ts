/**
 * Which local resource a registry resource is. By default the registry's id, with the source's id
 * prefix if it has one; a registry Location linked to an existing Lastmile Location (matched by
 * identifier and adopted, see linking.ts) is that Location, whatever the registry calls it.
 * References inside registry resources are rewritten the same way, so they resolve locally.
 */
import type { Db } from '../db.js';
import { mapReferences, registryTarget, type Target } from '../references.js';
import type { SyncType } from '../sources/source-definition.js';

export interface Link {
  resourceType: string;
  remoteId: string;
  localId: string;
  matchedIdentifier: string;
  /** The Lastmile code the local record had when it was adopted, kept on every later version. */
  localCode: string | null;
}

export interface SourceIds {
  id: string;
  baseUrl: string;
  idPrefix: string;
  resourceTypes: SyncType[];
}

export class IdMap {
  private constructor(
    private readonly source: SourceIds,
    private readonly links: Map<string, Link>,
  ) {}

  /** The map for these registry resources (links are read once, for all of them). */
  static async load(db: Db, source: SourceIds, keys: Array<[type: string, remoteId: string]>): Promise<IdMap> {
    const { rows } = keys.length === 0 ? { rows: [] } : await db.query(
      `SELECT l.resource_type, l.remote_id, l.local_id, l.matched_identifier, l.local_code FROM mcsd_links l
         JOIN unnest($2::text[], $3::text[]) AS k(resource_type, remote_id) USING (resource_type, remote_id)
        WHERE l.source_id = $1`,
      [source.id, keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    const links = new Map<string, Link>(rows.map((row: Record<string, any>) => [
      `${row.resource_type}/${row.remote_id}`,
      { resourceType: row.resource_type, remoteId: row.remote_id, localId: row.local_id, matchedIdentifier: row.matched_identifier, localCode: row.local_code },
    ]));
    return new IdMap(source, links);
  }

  link(type: string, remoteId: string): Link | undefined {
    return this.links.get(`${type}/${remoteId}`);
  }

  /** Records a link made in this batch, so the batch's other resources point at it too. */
  addLink(link: Link): void {
    this.links.set(`${link.resourceType}/${link.remoteId}`, link);
  }

  localId(type: string, remoteId: string): string {
    return this.link(type, remoteId)?.localId ?? `${this.source.idPrefix}${remoteId}`;
  }

  /** Rewrites, in place, every reference to a synced registry resource into a local `Type/id`. */
  localise(resource: unknown): void {
    mapReferences(resource, (reference) => {
      const target = syncedTarget(reference, this.source);
      return target ? `${target.type}/${this.localId(target.type, target.id)}` : reference;
    });
  }
}

/** The registry resource a reference points to, if it is of a type this source brings. */
export function syncedTarget(reference: string, source: Pick<SourceIds, 'baseUrl' | 'resourceTypes'>): Target | undefined {
  const target = registryTarget(reference, source.baseUrl);
  return target && (source.resourceTypes as string[]).includes(target.type) ? target : undefined;
}

export async function saveLinks(db: Db, sourceId: string, links: Link[]): Promise<void> {
  if (links.length === 0) return;
  await db.query(
    `INSERT INTO mcsd_links (source_id, resource_type, remote_id, local_id, matched_identifier, local_code)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [sourceId, links.map((l) => l.resourceType), links.map((l) => l.remoteId), links.map((l) => l.localId), links.map((l) => l.matchedIdentifier), links.map((l) => l.localCode)],
  );
}

export async function dropLinks(db: Db, sourceId: string, type: string, remoteIds: string[]): Promise<void> {
  if (remoteIds.length === 0) return;
  await db.query('DELETE FROM mcsd_links WHERE source_id = $1 AND resource_type = $2 AND remote_id = ANY($3::text[])', [sourceId, type, remoteIds]);
}

export async function listLinks(db: Db, sourceId: string, offset: number, limit: number): Promise<{ links: Array<Link & { linkedAt: string }>; total: number }> {
  const [page, count] = await Promise.all([
    db.query(
      `SELECT resource_type, remote_id, local_id, matched_identifier, local_code, linked_at FROM mcsd_links
        WHERE source_id = $1 ORDER BY resource_type, remote_id OFFSET $2 LIMIT $3`,
      [sourceId, offset, limit],
    ),
    db.query('SELECT count(*)::int AS n FROM mcsd_links WHERE source_id = $1', [sourceId]),
  ]);
  const links = page.rows.map((row) => ({
    resourceType: row.resource_type, remoteId: row.remote_id, localId: row.local_id, matchedIdentifier: row.matched_identifier,
    localCode: row.local_code, linkedAt: row.linked_at.toISOString(),
  }));
  return { links, total: count.rows[0].n };
}
