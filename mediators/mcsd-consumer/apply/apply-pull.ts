/**
 * Applies a fetched pull from the staging area. Creates and updates go first, type by type in
 * dependency order (Organizations, then the Locations that name them, then the services at those
 * Locations) and within a type level by level down the `partOf` tree, so a parent is always
 * written before its children whatever order the supplier sent them in. Deletes follow in the
 * reverse order, children before parents. Everything goes in batches of BATCH_SIZE.
 */
import { computeDepths, maxDepth, pendingDeletes, pendingPuts } from '../stage/staging.js';
import type { SyncType } from '../sources/source-definition.js';
import { BATCH_SIZE, type ApplyContext } from './apply-context.js';
import { applyDeletes, applyPuts } from './plan-batch.js';
import { writeDeletes, type PlannedDelete } from './write-batch.js';

const APPLY_ORDER: SyncType[] = ['Organization', 'Location', 'HealthcareService'];
const MAX_DELETE_PASSES = 64;

export async function applyPull(ctx: ApplyContext): Promise<void> {
  for (const type of APPLY_ORDER) await applyCreatesAndUpdates(ctx, type);
  for (const type of [...APPLY_ORDER].reverse()) await applyDeletions(ctx, type);
}

async function applyCreatesAndUpdates(ctx: ApplyContext, type: SyncType): Promise<void> {
  const sourceId = ctx.source.id;
  await computeDepths(ctx.pool, sourceId, type);
  const deepest = await maxDepth(ctx.pool, sourceId, type);
  for (let depth = 0; depth <= deepest; depth++) {
    for (let rows = await pendingPuts(ctx.pool, sourceId, type, depth, BATCH_SIZE); rows.length > 0; rows = await pendingPuts(ctx.pool, sourceId, type, depth, BATCH_SIZE)) {
      await applyPuts(ctx, type, rows);
      await ctx.afterBatch();
    }
  }
  // What no level reached hangs below a loop in the registry's hierarchy (or more than 64 deep).
  for (let rows = await pendingPuts(ctx.pool, sourceId, type, null, BATCH_SIZE); rows.length > 0; rows = await pendingPuts(ctx.pool, sourceId, type, null, BATCH_SIZE)) {
    await ctx.conflicts(type, rows.map((row) => ({ remoteId: row.remoteId, reason: `its partOf chain in the registry loops back on itself (or is deeper than 64 levels)` })));
  }
}

/**
 * Deepest first, in batches; a delete refused because children remain (deleted later in this
 * pull, or never deleted upstream) is tried again once the other deletes are done, until no pass
 * makes progress. What is still refused then is a conflict.
 */
async function applyDeletions(ctx: ApplyContext, type: SyncType): Promise<void> {
  let blocked: PlannedDelete[] = [];
  for (;;) {
    const rows = await pendingDeletes(ctx.pool, ctx.source.id, type, ctx.source.idPrefix, blocked.map((b) => b.remoteId), BATCH_SIZE);
    if (rows.length === 0) break;
    blocked.push(...(await applyDeletes(ctx, type, rows)));
    await ctx.afterBatch();
  }
  for (let pass = 0; blocked.length > 0 && pass < MAX_DELETE_PASSES; pass++) {
    const still = await writeDeletes(ctx, type, blocked);
    if (still.length === blocked.length) break;
    blocked = still;
  }
  await ctx.conflicts(type, blocked.map((b) => ({ remoteId: b.remoteId, reason: b.blockedBy ?? 'the delete was refused' })));
}
