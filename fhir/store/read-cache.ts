/**
 * A bounded in-process cache of current versions, for the hottest interaction (read). It is
 * correct across app instances: every write announces its keys with NOTIFY when it commits, and
 * each instance drops them; this instance also drops its own writes right after COMMIT, so a
 * client always reads its own writes. A read that raced with any invalidation is not cached (the
 * generation check), and while the LISTEN connection is down nothing is cached at all.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { StoredResource } from './resource-store.js';

export const FHIR_CHANGED_CHANNEL = 'lastmile_fhir_changed';
const DEFAULT_MAX_ENTRIES = 20_000;

export class ReadCache {
  private readonly entries = new Map<string, StoredResource>();
  private generationCounter = 0;
  private listener?: pg.PoolClient;
  private listening = false;

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** Starts listening for other instances' writes; until then (or after a failure) nothing is cached. */
  async listen(pool: pg.Pool, logger?: Logger): Promise<void> {
    const client = await pool.connect();
    client.on('notification', (message) => {
      if (message.channel === FHIR_CHANGED_CHANNEL && message.payload) this.invalidate(message.payload.split(','));
    });
    client.on('error', (error) => {
      logger?.warn({ err: error }, 'FHIR read cache lost its LISTEN connection: caching off');
      this.stopCaching();
    });
    await client.query(`LISTEN ${FHIR_CHANGED_CHANNEL}`);
    this.listener = client;
    this.listening = true;
  }

  async close(): Promise<void> {
    this.stopCaching();
    const client = this.listener;
    this.listener = undefined;
    if (!client) return;
    await client.query(`UNLISTEN ${FHIR_CHANGED_CHANNEL}`).catch(() => undefined);
    client.release();
  }

  get generation(): number {
    return this.generationCounter;
  }

  get(key: string): StoredResource | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key); // re-insert: Map order is the LRU order
    this.entries.set(key, hit);
    return hit;
  }

  /** Caches what a read found, unless anything was invalidated since the read began. */
  set(key: string, stored: StoredResource, generationAtStart: number): void {
    if (!this.listening || generationAtStart !== this.generationCounter) return;
    this.entries.set(key, stored);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  invalidate(keys: Iterable<string>): void {
    this.generationCounter += 1;
    for (const key of keys) this.entries.delete(key);
  }

  private stopCaching(): void {
    this.listening = false;
    this.generationCounter += 1;
    this.entries.clear();
  }
}
