/**
 * One run of one source: take the source's lock, continue the unfinished pull or start a new one,
 * fetch every feed into staging, apply it, and only then move the checkpoints to the supplier's
 * time at the start of the pull (in the same transaction that clears what was applied). Any
 * failure leaves the pull state as it was, and the next run resumes it.
 */
import { inTransaction } from '../db.js';
import { applyPull } from '../apply/apply-pull.js';
import type { ApplyContext } from '../apply/apply-context.js';
import { emptyCounts, finishRun, recordIssues, saveCounts, startRun, type RunRecord, type RunStatus } from '../runs/run-store.js';
import { getSource, saveCheckpoints, savePullState } from '../sources/source-store.js';
import { clearApplied, countPending, retryParked, saveOutcomes } from '../stage/staging.js';
import { fetchPull } from './fetch-pull.js';
import { newPullState, type Checkpoints, type PullState } from './pull-state.js';
import { RunAbandoned, type RunContext, type RunOptions, type SyncDeps } from './run-context.js';
import { tryLockSource } from './source-lock.js';

export class SourceBusy extends Error {
  constructor(readonly sourceName: string) {
    super(`a pull of source "${sourceName}" is already running`);
  }
}

export class SourceMissing extends Error {}

export interface StartedRun {
  run: RunRecord;
  /** Resolves with the finished run (failed runs included); rejects only when abandoned by a test hook. */
  done: Promise<RunRecord>;
}

/** Starts a run if no other run of the source holds its lock; throws SourceBusy otherwise. */
export async function startSourceRun(deps: SyncDeps, sourceId: string, options: RunOptions): Promise<StartedRun> {
  const lock = await tryLockSource(deps.pool, sourceId);
  if (!lock) throw new SourceBusy((await getSource(deps.pool, sourceId))?.name ?? sourceId);
  try {
    const source = await getSource(deps.pool, sourceId);
    if (!source) throw new SourceMissing(`source ${sourceId} does not exist`);
    const run = await startRun(deps.pool, source, options.trigger, source.pullState !== null && !options.full);
    const ctx: RunContext = { ...deps, source, run, options, counts: emptyCounts(), errors: [] };
    return { run, done: execute(ctx).finally(() => lock.release()) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function execute(ctx: RunContext): Promise<RunRecord> {
  const { pool, source, run, logger } = ctx;
  logger.info({ source: source.name, run: run.id, resumed: run.resumed }, 'mCSD pull started');
  try {
    const state = await pullState(ctx);
    if (state.phase === 'fetch') {
      await fetchPull(ctx, state);
      state.phase = 'apply';
      await savePullState(pool, source.id, state);
    }
    await retryParked(pool, source.id);
    await applyPull(applyContext(ctx, await countPending(pool, source.id)));
    const checkpoints = nextCheckpoints(source.checkpoints, state);
    await inTransaction(pool, async (db) => {
      await saveCheckpoints(db, source.id, checkpoints);
      await clearApplied(db, source.id);
    });
    const status: RunStatus = state.feeds.every((feed) => feed.complete) ? 'succeeded' : 'partial';
    return logged(ctx, await finishRun(pool, run.id, status, ctx.counts, ctx.errors, checkpoints));
  } catch (error) {
    if (error instanceof RunAbandoned) throw error;
    const stopped = ctx.options.signal?.aborted === true;
    ctx.errors.push(stopped ? 'the run was stopped (shutdown); the next run resumes the pull' : describe(error));
    if (!stopped) logger.error({ source: source.name, run: run.id, err: error }, 'mCSD pull failed; the next run resumes it');
    return logged(ctx, await finishRun(pool, run.id, stopped ? 'interrupted' : 'failed', ctx.counts, ctx.errors, null));
  }
}

/** The unfinished pull, or a new one (a full pull replaces an unfinished one). */
async function pullState(ctx: RunContext): Promise<PullState> {
  const existing = ctx.source.pullState;
  if (existing && !ctx.options.full) return existing;
  const state = newPullState(ctx.run.id, ctx.source.resourceTypes, ctx.options.full === true);
  await savePullState(ctx.pool, ctx.source.id, state);
  return state;
}

function applyContext(ctx: RunContext, toApply: number): ApplyContext {
  let batches = 0;
  return {
    pool: ctx.pool,
    fhir: ctx.fhir,
    source: ctx.source,
    counts: ctx.counts,
    async conflicts(type, entries) {
      if (entries.length === 0) return;
      await inTransaction(ctx.pool, async (db) => {
        await saveOutcomes(db, ctx.source.id, type, entries.map((e) => ({ remoteId: e.remoteId, state: 'conflict', reason: e.reason })));
        await recordIssues(db, ctx.run.id, entries.map((e) => ({ kind: 'conflict', resourceType: type, remoteId: e.remoteId, reason: e.reason })));
      });
      ctx.counts.conflicts += entries.length;
    },
    async afterBatch() {
      batches += 1;
      await saveCounts(ctx.pool, ctx.run.id, ctx.counts);
      ctx.options.onProgress?.({ phase: 'apply', counts: ctx.counts, toApply });
      await ctx.options.hooks?.afterBatch?.(batches);
      ctx.options.signal?.throwIfAborted();
    },
  };
}

/** Each completely fetched feed's checkpoint moves to the supplier's time at its first page. */
function nextCheckpoints(current: Checkpoints, state: PullState): Checkpoints {
  const next: Checkpoints = { ...current };
  for (const feed of state.feeds) if (feed.complete && feed.since) next[feed.type] = feed.since;
  return next;
}

function logged(ctx: RunContext, run: RunRecord): RunRecord {
  const { status, durationMs, fetched, created, updated, unchanged, deleted, skipped, conflicts } = run;
  ctx.logger.info({ source: ctx.source.name, run: run.id, status, durationMs, fetched, created, updated, unchanged, deleted, skipped, conflicts }, 'mCSD pull finished');
  return run;
}

function describe(error: unknown): string {
  const status = (error as { response?: { status?: number } })?.response?.status;
  const url = (error as { config?: { url?: string } })?.config?.url;
  if (status !== undefined) return `the supplier answered HTTP ${status}${url ? ` to GET ${url.split('?')[0]}` : ''}`;
  return (error as Error)?.message ?? String(error);
}
