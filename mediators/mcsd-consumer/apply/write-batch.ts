/**
 * Writes a batch in one FHIR store transaction as the owning registry, marking the staged rows
 * applied in that same transaction (so a crash leaves each row either written and marked, or
 * neither). When the store refuses the batch (a reference that does not resolve, a loop, a code
 * already used, a record owned by someone else), the batch is split in halves until the entries
 * at fault stand alone; those are recorded as conflicts with the store's reason.
 */
import { FhirError, transferOwnership, LASTMILE_OWNER, type PutRequest, type WriteSession } from '../../../fhir/index.js';
import { saveOutcomes, type Outcome } from '../stage/staging.js';
import type { SyncType } from '../sources/source-definition.js';
import { dropLinks, saveLinks, type Link } from './local-ids.js';
import type { ApplyContext } from './apply-context.js';

export interface PlannedWrite {
  remoteId: string;
  request: PutRequest;
  adopt?: Link;
}

export interface PlannedDelete {
  remoteId: string;
  localId: string;
  /** Why the store refused it last time. */
  blockedBy?: string;
}

export async function writePuts(ctx: ApplyContext, type: SyncType, writes: PlannedWrite[]): Promise<void> {
  await bisecting(ctx, type, writes, async (session, part) => {
    for (const { adopt } of part) if (adopt) await transferOwnership(session, type, adopt.localId, LASTMILE_OWNER, ctx.source.name);
    await saveLinks(session.db, ctx.source.id, part.flatMap((w) => (w.adopt ? [w.adopt] : [])));
    const results = await ctx.fhir.store.putMany(part.map((w) => w.request), ctx.source.name, session);
    return () => {
      for (const result of results) ctx.counts[result.outcome === 'deleted' ? 'deleted' : result.outcome] += 1;
    };
  });
}

/** Deletes; a delete the store refuses only because children remain is returned to try again later. */
export async function writeDeletes(ctx: ApplyContext, type: SyncType, deletes: PlannedDelete[]): Promise<PlannedDelete[]> {
  const blocked: PlannedDelete[] = [];
  await bisecting(ctx, type, deletes, async (session, part) => {
    let deleted = 0;
    for (const { localId } of part) if (await ctx.fhir.store.delete(type, localId, { owner: ctx.source.name }, session)) deleted += 1;
    await dropLinks(session.db, ctx.source.id, type, part.map((d) => d.remoteId));
    return () => {
      ctx.counts.deleted += deleted;
      ctx.counts.unchanged += part.length - deleted;
    };
  }, (item, error) => error.status === 409 && /still has children/.test(error.message) && !!blocked.push({ ...item, blockedBy: reasonOf(error) }));
  return blocked;
}

type Work<T> = (session: WriteSession, part: T[]) => Promise<() => void>;

async function bisecting<T extends { remoteId: string }>(ctx: ApplyContext, type: SyncType, items: T[], work: Work<T>, defer?: (item: T, error: FhirError) => boolean): Promise<void> {
  if (items.length === 0) return;
  try {
    const count = await ctx.fhir.store.transaction(async (session) => {
      const counted = await work(session, items);
      await saveOutcomes(session.db, ctx.source.id, type, items.map((item): Outcome => ({ remoteId: item.remoteId, state: 'applied' })));
      return counted;
    });
    count();
  } catch (error) {
    if (!(error instanceof FhirError)) throw error;
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      await bisecting(ctx, type, items.slice(0, half), work, defer);
      await bisecting(ctx, type, items.slice(half), work, defer);
    } else if (!defer?.(items[0], error)) {
      await ctx.conflicts(type, [{ remoteId: items[0].remoteId, reason: reasonOf(error) }]);
    }
  }
}

function reasonOf(error: FhirError): string {
  return error.message.replace(/^Bundle\.entry\[\d+\]: /, '');
}
