/**
 * Imports run as jobs so large files can report progress (rows done of the total) to the UI and
 * the CLI while they stream. Jobs live in the memory of the instance that runs them; the upload
 * is kept in a temporary file for the job's two passes (count, then import) and removed after.
 */
import crypto from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { ReferenceDataContext } from '../shared/context.js';
import { countRecords } from './csv-file.js';
import type { CsvType } from './csv-type.js';
import { importCsvFile, type ImportReport } from './import-runner.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';

export interface ImportJob {
  id: string;
  type: string;
  dryRun: boolean;
  status: JobStatus;
  totalRows?: number;
  rowsDone: number;
  startedAt: string;
  finishedAt?: string;
  report?: ImportReport;
}

const KEEP_FINISHED = 200;

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  /** One import at a time per instance: imports are heavy, and order matters between files. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly context: ReferenceDataContext) {}

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Queues the import of the CSV at `path` (which the job deletes when done); resolves when it finishes. */
  start(csvType: CsvType, path: string, dryRun: boolean): { job: ImportJob; done: Promise<ImportJob> } {
    const job: ImportJob = { id: crypto.randomUUID(), type: csvType.type, dryRun, status: 'queued', rowsDone: 0, startedAt: new Date().toISOString() };
    this.remember(job);
    const done = this.queue.then(() => this.run(job, csvType, path));
    this.queue = done.catch(() => undefined);
    return { job, done };
  }

  private async run(job: ImportJob, csvType: CsvType, path: string): Promise<ImportJob> {
    job.status = 'running';
    try {
      job.totalRows = await countRecords(path);
      job.report = await importCsvFile(this.context, csvType, path, { dryRun: job.dryRun, onProgress: (rows) => (job.rowsDone = rows) });
      job.status = job.report.errors.length > 0 ? 'rejected' : 'succeeded';
    } catch (error) {
      job.status = 'failed';
      throw error;
    } finally {
      job.finishedAt = new Date().toISOString();
      await rm(path, { force: true });
    }
    return job;
  }

  private remember(job: ImportJob): void {
    this.jobs.set(job.id, job);
    for (const [id, old] of this.jobs) {
      if (this.jobs.size <= KEEP_FINISHED) break;
      if (old.finishedAt) this.jobs.delete(id);
    }
  }
}
