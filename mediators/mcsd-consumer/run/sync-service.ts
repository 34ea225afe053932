/**
 * The runs of one process: starts them (the API, the scheduler and the CLI all come here), and
 * on stop asks those in progress to stop between two pages or batches and waits for them; their
 * pulls resume with the next run, here or on another instance.
 */
import type { RunRecord } from '../runs/run-store.js';
import type { RunOptions, SyncDeps } from './run-context.js';
import { startSourceRun, type StartedRun } from './sync-run.js';

export class SyncService {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(
    readonly deps: SyncDeps,
    /** Applied to every run this service starts (retry policy, environment, test hooks). */
    private readonly defaults: Partial<RunOptions> = {},
  ) {}

  /** Starts a run of the source; throws SourceBusy when one is running anywhere. */
  async start(sourceId: string, options: RunOptions): Promise<StartedRun> {
    const controller = new AbortController();
    const signals = [controller.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const started = await startSourceRun(this.deps, sourceId, { ...this.defaults, ...options, signal: AbortSignal.any(signals) });
    const done = started.done.finally(() => this.active.delete(started.run.id));
    this.active.set(started.run.id, { controller, done: done.catch(() => undefined) });
    return { run: started.run, done };
  }

  /** Runs and waits for the result. */
  async run(sourceId: string, options: RunOptions): Promise<RunRecord> {
    return (await this.start(sourceId, options)).done;
  }

  isRunningHere(runId: string): boolean {
    return this.active.has(runId);
  }

  async stop(): Promise<void> {
    for (const { controller } of this.active.values()) controller.abort(new Error('the consumer is stopping'));
    await Promise.all([...this.active.values()].map((a) => a.done));
  }
}
