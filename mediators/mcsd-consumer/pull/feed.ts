/**
 * One resource type's feed from a supplier, page by page: `[base]/Type/_history?_since=` (ITI-91)
 * following `next` links to the end, or, for suppliers that answer `_history` with 400, 404, 405
 * or 501, a `_lastUpdated=ge` search (which cannot see deletions). Its state (mode, next link,
 * the supplier's time at the first page) lives in the pull state, so a pull resumes where it was.
 */
import { MalformedPage, readEntries, type PageEntries } from './entries.js';
import type { RegistryClient } from './registry-client.js';
import { statusOf } from './retry.js';
import type { TypeFeedState } from '../run/pull-state.js';

const UNSUPPORTED = new Set([400, 404, 405, 501]);
/** Some servers keep giving `next` links to empty pages (hapi-fhir#7711): stop after this many. */
const MAX_EMPTY_PAGES = 3;

export interface FeedPage extends PageEntries {
  /** What went wrong with the feed itself (not with single entries), for the run's errors. */
  notes: string[];
}

export class TypeFeed {
  private emptyPages = 0;
  private restarted = false;

  constructor(
    private readonly client: RegistryClient,
    readonly state: TypeFeedState,
    private readonly checkpoint: string | undefined,
    private readonly pageSize: number,
  ) {}

  /** Fetches the next page and advances the state (the caller saves it with the page's entries). */
  async nextPage(): Promise<FeedPage> {
    const notes: string[] = [];
    const body = await this.fetch(notes);
    if (body === undefined) return { entries: [], problems: [], notes };
    let read: PageEntries;
    try {
      read = readEntries(body, this.state.type, this.client.baseUrl);
    } catch (error) {
      if (!(error instanceof MalformedPage)) throw error;
      return this.cutShort(`${this.state.type} page ${this.state.pages + 1}: ${error.message}`, notes);
    }
    this.advance(body as BundleLike, read.entries.length + read.problems.length);
    return { ...read, notes };
  }

  private async fetch(notes: string[]): Promise<unknown> {
    const first = this.state.next === undefined;
    try {
      const page = await this.client.get(this.state.next ?? this.firstUrl());
      if (first && this.state.since === undefined) this.state.since = supplierTime(page.body as BundleLike, page.date);
      return page.body;
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && status >= 200 && status < 300) {
        this.cutShort(`${this.state.type} page ${this.state.pages + 1} is not JSON`, notes);
        return undefined;
      }
      if (first && this.state.mode !== 'search' && status !== undefined && UNSUPPORTED.has(status)) {
        notes.push(`${this.state.type}: the supplier answered _history with HTTP ${status}; pulling by _lastUpdated search instead (deletions cannot be seen this way)`);
        this.state.mode = 'search';
        return this.fetch(notes);
      }
      if (!first && !this.restarted && status !== undefined && status >= 400 && status < 500) {
        // A saved next link from an earlier run whose cursor the supplier has forgotten.
        notes.push(`${this.state.type}: the supplier refused the next link (HTTP ${status}); the feed starts again from its checkpoint`);
        this.restarted = true;
        this.state.next = undefined;
        return this.fetch(notes);
      }
      throw error;
    }
  }

  private firstUrl(): string {
    this.state.mode ??= 'history';
    const { type } = this.state;
    const params = new URLSearchParams({ _count: String(this.pageSize) });
    if (this.state.mode === 'history') {
      if (this.checkpoint) params.set('_since', this.checkpoint);
      return `${type}/_history?${params}`;
    }
    // ge, not gt: like _since the boundary is included; applying an entry twice changes nothing.
    if (this.checkpoint) params.set('_lastUpdated', `ge${this.checkpoint}`);
    return `${type}?${params}`;
  }

  private advance(bundle: BundleLike, entries: number): void {
    const next = Array.isArray(bundle.link) ? bundle.link.find((link) => link?.relation === 'next')?.url : undefined;
    this.emptyPages = entries === 0 ? this.emptyPages + 1 : 0;
    this.state.pages += 1;
    this.state.fetched += entries;
    const stop = typeof next !== 'string' || next === this.state.next || this.emptyPages >= MAX_EMPTY_PAGES;
    this.state.next = stop ? undefined : next;
    this.state.done = stop;
  }

  private cutShort(note: string, notes: string[]): FeedPage {
    notes.push(`${note}; the rest of the ${this.state.type} feed was not read and its checkpoint stays`);
    this.state.done = true;
    this.state.complete = false;
    this.state.next = undefined;
    return { entries: [], problems: [], notes };
  }
}

interface BundleLike {
  meta?: { lastUpdated?: unknown };
  link?: Array<{ relation?: unknown; url?: string }>;
}

/**
 * The supplier's time when it served the first page: the earlier of its `Date` header and the
 * Bundle's meta.lastUpdated (which a careful server such as Lastmile sets to the instant up to
 * which its feed is complete). Without either, the local clock less a margin for skew.
 */
function supplierTime(bundle: BundleLike | undefined, date: Date | undefined): string {
  const times = [date?.getTime(), typeof bundle?.meta?.lastUpdated === 'string' ? Date.parse(bundle.meta.lastUpdated) : undefined]
    .filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return new Date(times.length > 0 ? Math.min(...times) : Date.now() - 5 * 60_000).toISOString();
}
