/**
 * The fetch phase: each resource type's feed, page by page, into the staging area. A page's
 * entries, the problems found in it and the advanced pull state are saved in one transaction, so
 * a pull killed between two pages resumes at the first page not saved.
 */
import { inTransaction } from '../db.js';
import { TypeFeed, type FeedPage } from '../pull/feed.js';
import { RegistryClient } from '../pull/registry-client.js';
import { DEFAULT_RETRY } from '../pull/retry.js';
import { SourceCredentials } from '../pull/source-auth.js';
import { recordIssues, saveCounts, type RunIssue } from '../runs/run-store.js';
import { savePullState } from '../sources/source-store.js';
import { stageEntries } from '../stage/staging.js';
import type { PullState, TypeFeedState } from './pull-state.js';
import type { RunContext } from './run-context.js';

export async function fetchPull(ctx: RunContext, state: PullState): Promise<void> {
  const client = registryClient(ctx);
  for (const feedState of state.feeds) {
    const checkpoint = state.full ? undefined : ctx.source.checkpoints[feedState.type];
    const feed = new TypeFeed(client, feedState, checkpoint, ctx.source.pageSize);
    while (!feedState.done) {
      ctx.options.signal?.throwIfAborted();
      const page = await feed.nextPage();
      await savePage(ctx, state, feedState, page);
      ctx.options.onProgress?.({ phase: 'fetch', type: feedState.type, counts: ctx.counts });
      await ctx.options.hooks?.afterPage?.(ctx.counts.pages);
    }
  }
}

function registryClient(ctx: RunContext): RegistryClient {
  const { source, logger, options } = ctx;
  const credentials = new SourceCredentials(source.name, source.auth, options.env);
  return new RegistryClient(source.baseUrl, credentials, {
    policy: options.retry ?? DEFAULT_RETRY,
    signal: options.signal,
    onRetry: (error, attempt, delayMs) => logger.warn({ source: source.name, attempt, delayMs, err: error }, 'mCSD supplier request failed; retrying'),
  });
}

async function savePage(ctx: RunContext, state: PullState, feedState: TypeFeedState, page: FeedPage): Promise<void> {
  const issues: RunIssue[] = [
    ...page.problems.map((p): RunIssue => ({ kind: 'skipped', resourceType: p.resourceType, remoteId: p.remoteId, reason: p.reason })),
    ...page.entries.filter((e) => e.state === 'skipped').map((e): RunIssue => ({ kind: 'skipped', resourceType: e.type, remoteId: e.remoteId, reason: e.reason! })),
  ];
  ctx.counts.pages += 1;
  ctx.counts.fetched += page.entries.length + page.problems.length;
  ctx.counts.skipped += issues.length;
  ctx.errors.push(...page.notes);
  for (const note of page.notes) ctx.logger.warn({ source: ctx.source.name, type: feedState.type }, note);
  await inTransaction(ctx.pool, async (db) => {
    await stageEntries(db, ctx.source.id, page.entries);
    await savePullState(db, ctx.source.id, state);
    await recordIssues(db, ctx.run.id, issues);
    await saveCounts(db, ctx.run.id, ctx.counts);
  });
}
