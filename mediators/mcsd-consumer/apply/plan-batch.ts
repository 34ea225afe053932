/**
 * Turns a batch of staged registry versions into local writes: each resource gets its local id
 * (linking.ts), its references rewritten to local ids, the Lastmile code it had if it was adopted,
 * and `meta.source` naming where it came from. Entries whose place is a conflict, or whose
 * references point at something that is not here (a parent that never arrived, or one waiting on
 * a conflict of its own), are recorded as conflicts before anything is written.
 */
import type { Resource } from '@medplum/fhirtypes';
import { currentOwners, LASTMILE_CODE_SYSTEM } from '../../../fhir/index.js';
import { isFhirId, referencesIn, type Target } from '../references.js';
import type { StagedRow } from '../stage/staging.js';
import type { SyncType } from '../sources/source-definition.js';
import type { ApplyContext } from './apply-context.js';
import { placeBatch, type Placement } from './linking.js';
import { IdMap, syncedTarget, type Link } from './local-ids.js';
import { writeDeletes, writePuts, type PlannedDelete, type PlannedWrite } from './write-batch.js';

type Json = Record<string, any>;

export async function applyPuts(ctx: ApplyContext, type: SyncType, rows: StagedRow[]): Promise<void> {
  const items = rows.map((row) => ({ remoteId: row.remoteId, resource: JSON.parse(row.content!) as Json }));
  const targets = uniqueTargets(items.flatMap((item) => referencesIn(item.resource).map((r) => syncedTarget(r, ctx.source))));
  const ids = await IdMap.load(ctx.pool, ctx.source, [...items.map((i): [string, string] => [type, i.remoteId]), ...targets.map((t): [string, string] => [t.type, t.id])]);
  const placements = await placeBatch(ctx.pool, ctx.fhir.directory, ctx.source, type, items, ids);
  const missing = await missingTargets(ctx, type, targets, ids, placements);
  const conflicts: Array<{ remoteId: string; reason: string }> = [];
  const writes: PlannedWrite[] = [];
  for (const item of items) {
    const placement = placements.get(item.remoteId)!;
    const reason = placement.conflict ?? badLocalId(type, placement.localId) ?? missingReason(item.resource, ctx, missing);
    if (reason) conflicts.push({ remoteId: item.remoteId, reason });
    else writes.push({ remoteId: item.remoteId, request: { resource: localVersion(ctx, type, item, placement, ids), method: 'PUT' }, adopt: placement.adopt });
  }
  await ctx.conflicts(type, conflicts);
  await writePuts(ctx, type, writes);
}

export async function applyDeletes(ctx: ApplyContext, type: SyncType, rows: StagedRow[]): Promise<PlannedDelete[]> {
  const ids = await IdMap.load(ctx.pool, ctx.source, rows.map((row) => [type, row.remoteId]));
  return writeDeletes(ctx, type, rows.map((row) => ({ remoteId: row.remoteId, localId: ids.localId(type, row.remoteId) })));
}

function uniqueTargets(targets: Array<Target | undefined>): Target[] {
  const seen = new Map<string, Target>();
  for (const target of targets) if (target) seen.set(`${target.type}/${target.id}`, target);
  return [...seen.values()];
}

/** Registry references (as `Type/remoteId`) whose local resource neither exists nor comes in this batch. */
async function missingTargets(ctx: ApplyContext, type: SyncType, targets: Target[], ids: IdMap, placements: Map<string, Placement>): Promise<Set<string>> {
  const owners = await currentOwners(ctx.pool, targets.map((t) => [t.type, ids.localId(t.type, t.id)]));
  const written = new Set([...placements.values()].filter((p) => !p.conflict).map((p) => `${type}/${p.localId}`));
  const missing = new Set<string>();
  for (const target of targets) {
    const local = `${target.type}/${ids.localId(target.type, target.id)}`;
    const owner = owners.get(local);
    if (!written.has(local) && (!owner || owner.deleted)) missing.add(`${target.type}/${target.id}`);
  }
  return missing;
}

function missingReason(resource: Json, ctx: ApplyContext, missing: Set<string>): string | undefined {
  if (missing.size === 0) return undefined;
  for (const reference of referencesIn(resource)) {
    const target = syncedTarget(reference, ctx.source);
    if (target && missing.has(`${target.type}/${target.id}`)) {
      const role = target.type === resource.resourceType && resource.partOf?.reference === reference ? 'its parent' : 'the resource it references';
      return `${role} ${target.type}/${target.id} is not here: the registry never sent it, or it waits on a conflict of its own`;
    }
  }
  return undefined;
}

function badLocalId(type: string, localId: string): string | undefined {
  return isFhirId(localId) ? undefined : `the local id "${localId}" (id prefix + registry id) is not a valid FHIR id for ${type}`;
}

function localVersion(ctx: ApplyContext, type: SyncType, item: { remoteId: string; resource: Json }, placement: Placement, ids: IdMap): Resource & { id: string } {
  const resource = item.resource;
  ids.localise(resource);
  resource.id = placement.localId;
  const link: Link | undefined = placement.adopt ?? ids.link(type, item.remoteId);
  keepLastmileCode(resource, link?.localCode ?? null);
  resource.meta = { ...resource.meta, source: resource.meta?.source ?? `${ctx.source.baseUrl}/${type}/${item.remoteId}` };
  return resource as Resource & { id: string };
}

/** An adopted record keeps the Lastmile code it had when the registry does not send one. */
function keepLastmileCode(resource: Json, code: string | null): void {
  if (!code) return;
  const identifiers: Json[] = Array.isArray(resource.identifier) ? resource.identifier : [];
  if (identifiers.some((i) => i?.system === LASTMILE_CODE_SYSTEM)) return;
  resource.identifier = [...identifiers, { system: LASTMILE_CODE_SYSTEM, value: code }];
}
