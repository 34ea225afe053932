/**
 * The resumable state of a pull, saved with the source after every page and every phase change:
 * a pull killed at any point restarts from here rather than from scratch. Checkpoints (the
 * `_since` of the next pull, per resource type) are separate and move only when a pull is
 * completely applied.
 */
import type { SyncType } from '../sources/source-definition.js';

export type FeedMode = 'history' | 'search';

export interface TypeFeedState {
  type: SyncType;
  /** `_history` (ITI-91), or `_lastUpdated` search for suppliers without it; chosen at the first page. */
  mode?: FeedMode;
  /** The supplier's time when this feed's first page was served: the next checkpoint. */
  since?: string;
  /** The page to fetch next; undefined before the first page and after the last. */
  next?: string;
  pages: number;
  fetched: number;
  done: boolean;
  /** False when the feed was cut short (a page that could not be read): its checkpoint stays. */
  complete: boolean;
}

export interface PullState {
  /** The run that started the pull (a resumed pull keeps counting in runs of its own). */
  startedBy: string;
  phase: 'fetch' | 'apply';
  /** Ignores the checkpoints: everything the supplier has. */
  full: boolean;
  feeds: TypeFeedState[];
}

export type Checkpoints = Partial<Record<SyncType, string>>;

export function newPullState(runId: string, types: SyncType[], full: boolean): PullState {
  return { startedBy: runId, phase: 'fetch', full, feeds: types.map((type) => ({ type, pages: 0, fetched: 0, done: false, complete: true })) };
}
