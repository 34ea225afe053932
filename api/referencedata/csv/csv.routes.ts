/**
 * CSV import and export over HTTP:
 * - GET  /api/imports/types               the importable types, in load order, with their columns
 * - POST /api/imports/{type}[?dryRun=true][&wait=true]   body: the CSV (text/csv); 202 with a job,
 *        or with wait=true the finished job (200 when written or a clean dry run, 422 when refused)
 * - GET  /api/imports/jobs/{id}           a job's progress and, when finished, its report
 * - GET  /api/exports/{type}              the table as CSV, importable as it is
 */
import crypto from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { csvWriter } from './csv-file.js';
import { CSV_TYPES, csvType } from './csv-types.js';
import { ImportJobs, type ImportJob } from './import-jobs.js';

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export function csvRoutes(context: ReferenceDataContext): Router {
  const jobs = new ImportJobs(context);
  const router = express.Router();

  router.get('/imports/types', (_req, res) => {
    res.json(CSV_TYPES.map((t, order) => ({ type: t.type, title: t.title, order, columns: t.columns.map((c) => ({ header: c.header, required: c.required ?? false })) })));
  });

  router.post('/imports/:type', async (req, res) => {
    const type = typeOf(req);
    const file = await receiveUpload(req);
    const { job, done } = jobs.start(type, file, flag(req, 'dryRun'));
    if (!flag(req, 'wait')) {
      res.status(202).setHeader('Location', `${req.baseUrl}/imports/jobs/${job.id}`).json(job);
      done.catch((error) => req.log?.error({ err: error, job: job.id }, 'import failed'));
      return;
    }
    const finished = await done;
    res.status(finished.status === 'rejected' ? 422 : 200).json(withMessage(finished));
  });

  router.get('/imports/jobs/:id', (req, res) => {
    const job = jobs.get(req.params.id as string);
    if (!job) throw new ApiError(404, 'referenceData.error.import.notFound', `Import job ${req.params.id} is not known to this instance`);
    res.json(withMessage(job));
  });

  router.get('/exports/:type', async (req, res) => {
    const type = typeOf(req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${type.type}.csv"`);
    const writer = csvWriter(type.columns.map((c) => c.header));
    writer.pipe(res);
    for await (const row of type.exportRows(context)) if (!writer.write(row)) await new Promise((resolve) => writer.once('drain', resolve));
    writer.end();
  });
  return router;
}

function typeOf(req: Request) {
  const found = csvType(req.params.type as string);
  if (!found) throw new ApiError(404, 'referenceData.error.import.unknownType', `There is no CSV type "${req.params.type}"; GET /api/imports/types lists them`);
  return found;
}

function flag(req: Request, name: string): boolean {
  return req.query[name] === 'true';
}

/** A rejected file's job says so the way every API error does: a message key and a readable message. */
function withMessage(job: ImportJob) {
  if (job.status !== 'rejected' || !job.report) return job;
  const count = job.report.errors.length + job.report.errorsOmitted;
  return { ...job, messageKey: 'referenceData.error.import.rejected', message: `The file was refused: ${count} error${count === 1 ? '' : 's'}; nothing was written` };
}

/** Streams the request body into a temporary file, refusing bodies over MAX_UPLOAD_BYTES. */
async function receiveUpload(req: Request): Promise<string> {
  const contentType = req.get('content-type') ?? '';
  if (!/^(text\/csv|text\/plain|application\/octet-stream|application\/vnd\.ms-excel)/i.test(contentType)) {
    throw new ApiError(415, 'referenceData.error.import.contentType', 'Send the CSV file as the request body with Content-Type: text/csv');
  }
  const directory = path.join(os.tmpdir(), 'lastmile-imports');
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${crypto.randomUUID()}.csv`);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > MAX_UPLOAD_BYTES ? new ApiError(413, 'lastmile.error.bodyTooLarge', 'The CSV file is larger than 512 MB') : null, chunk);
    },
  });
  await pipeline(req, limit, createWriteStream(file, { mode: 0o600 }));
  return file;
}
