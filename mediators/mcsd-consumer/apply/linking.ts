/**
 * Where each registry resource of a batch goes, decided before anything is written.
 *
 * A registry Location that is new here but carries an identifier (Lastmile's code, or the
 * source's configured identifier system) of an existing Lastmile-owned Location is linked to it:
 * the registry adopts that record (ownership moves to the registry, the local id stays, so stock,
 * requisitions and users pointing at it keep working) rather than creating a duplicate. A link
 * row remembers registry id -> local id. Anything ambiguous is a conflict, never a guess: the
 * identifier held by another registry, by several Locations, or by another record of this registry,
 * and a local id already used by someone else.
 */
import { currentOwners, findByIdentifier, LASTMILE_CODE_SYSTEM, LASTMILE_OWNER, type FacilityDirectory, type IdentifierHolder } from '../../../fhir/index.js';
import type { Db } from '../db.js';
import type { SyncType } from '../sources/source-definition.js';
import type { IdMap, Link } from './local-ids.js';

export interface Placement {
  localId: string;
  /** A link made now: the Lastmile record is handed over to the registry. */
  adopt?: Link;
  conflict?: string;
}

export interface BatchItem {
  remoteId: string;
  resource: { identifier?: Array<{ system?: string; value?: string }> };
}

interface SourceLinking {
  name: string;
  identifierSystem: string | null;
}

export async function placeBatch(db: Db, directory: FacilityDirectory, source: SourceLinking, type: SyncType, items: BatchItem[], ids: IdMap): Promise<Map<string, Placement>> {
  const placements = new Map<string, Placement>();
  const unlinked = items.filter((item) => !ids.link(type, item.remoteId));
  for (const item of items) placements.set(item.remoteId, { localId: ids.localId(type, item.remoteId) });
  const owners = await currentOwners(db, unlinked.map((item) => [type, ids.localId(type, item.remoteId)]));
  const ownerOf = (item: BatchItem) => owners.get(`${type}/${ids.localId(type, item.remoteId)}`);
  const newHere = unlinked.filter((item) => ownerOf(item)?.owner !== source.name);
  const linkable = type === 'Location' ? newHere.filter((item) => linkIdentifiers(item, source).length > 0) : [];
  const holders = await findByIdentifier(db, 'Location', linkable.flatMap((item) => linkIdentifiers(item, source)));
  const adopted = new Set<string>();
  for (const item of newHere) {
    const placement = placements.get(item.remoteId)!;
    const matches = linkable.includes(item) ? holdersOf(item, source, holders) : [];
    if (matches.length > 0) Object.assign(placement, await adoption(directory, source, type, item, matches, adopted));
    else if (ownerOf(item)) placement.conflict = `${type}/${placement.localId} already exists here, owned by "${ownerOf(item)!.owner}"`;
    if (placement.adopt) ids.addLink(placement.adopt);
  }
  return placements;
}

async function adoption(directory: FacilityDirectory, source: SourceLinking, type: SyncType, item: BatchItem, matches: IdentifierHolder[], adopted: Set<string>): Promise<Omit<Placement, 'localId'> & { localId?: string }> {
  const ids = [...new Set(matches.map((m) => m.id))];
  const identifier = `${matches[0].system}|${matches[0].value}`;
  if (ids.length > 1) return { conflict: `its identifier ${identifier} is carried by several Locations here (${ids.join(', ')})` };
  const holder = matches[0];
  if (holder.owner !== LASTMILE_OWNER) {
    const who = holder.owner === source.name ? 'another record of this registry' : `the registry "${holder.owner}"`;
    return { conflict: `its identifier ${identifier} is already carried by Location/${holder.id}, owned by ${who}` };
  }
  if (adopted.has(holder.id)) return { conflict: `its identifier ${identifier} matches Location/${holder.id}, which another record of this pull was just linked to` };
  adopted.add(holder.id);
  const localCode = (await directory.get(holder.id))?.code ?? null;
  return { localId: holder.id, adopt: { resourceType: type, remoteId: item.remoteId, localId: holder.id, matchedIdentifier: identifier, localCode } };
}

function linkIdentifiers(item: BatchItem, source: SourceLinking): Array<{ system: string; value: string }> {
  const systems = [LASTMILE_CODE_SYSTEM, source.identifierSystem].filter((s): s is string => !!s);
  const identifiers = Array.isArray(item.resource.identifier) ? item.resource.identifier : [];
  return identifiers
    .filter((i) => typeof i?.system === 'string' && systems.includes(i.system) && typeof i.value === 'string' && i.value !== '')
    .map((i) => ({ system: i.system!, value: i.value! }));
}

function holdersOf(item: BatchItem, source: SourceLinking, holders: IdentifierHolder[]): IdentifierHolder[] {
  const wanted = new Set(linkIdentifiers(item, source).map((i) => `${i.system}|${i.value}`));
  return holders.filter((h) => wanted.has(`${h.system}|${h.value}`));
}
