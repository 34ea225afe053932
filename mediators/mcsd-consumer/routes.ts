/**
 * /api/registrySync: the registries Lastmile pulls (sources: CRUD, run now), the runs with what
 * they did (paged, newest first) and what went wrong in each, the conflicts waiting for the next
 * pull, and the registry records linked to Lastmile records.
 *
 * Access: the platform's /api gate (api/auth) declares registrySync as reading with
 * FACILITIES_MANAGE and changing (sources, runs started) with SYSTEM_SETTINGS_MANAGE. `authorize`
 * is a further hook, called on every request with REGISTRY_SYNC_RIGHT, for deployments that mount
 * this router elsewhere; it allows everything by default.
 */
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../api/http/errors.js';
import { pageRequest, toPage } from '../../api/http/paging.js';
import { expectedVersion, isUuid } from '../../api/http/request-params.js';
import { listLinks } from './apply/local-ids.js';
import { SourceBusy } from './run/sync-run.js';
import type { SyncService } from './run/sync-service.js';
import { getRun, listIssues, listRuns, type RunRecord } from './runs/run-store.js';
import { SourceService } from './sources/source-service.js';
import type { SourceRecord } from './sources/source-store.js';
import { parkedConflicts } from './stage/staging.js';

export const REGISTRY_SYNC_RIGHT = 'SYSTEM_SETTINGS_MANAGE';

export type Authorize = (req: Request, right: string) => void | Promise<void>;

export interface RegistrySyncRouterOptions {
  service: SyncService;
  authorize?: Authorize;
}

/** Lists whose order is fixed: paging parameters are read, sorting is not offered. */
const NO_SORT = { startedAt: 'startedAt' };

export function registrySyncRouter({ service, authorize = () => undefined }: RegistrySyncRouterOptions): Router {
  const pool = service.deps.pool;
  const sources = new SourceService(pool);
  const router = express.Router();
  router.use('/registrySync', async (req, _res, next) => {
    await authorize(req, REGISTRY_SYNC_RIGHT);
    next();
  });

  router.get('/registrySync/sources', async (_req, res) => {
    res.json(await Promise.all((await sources.list()).map((s) => sourceView(s))));
  });
  router.post('/registrySync/sources', async (req, res) => {
    const created = await sources.create(req.body);
    res.status(201).setHeader('Location', `${req.baseUrl}/registrySync/sources/${created.id}`).json(await sourceView(created));
  });
  router.get('/registrySync/sources/:id', async (req, res) => {
    res.json(await sourceView(await sources.get(sourceId(req))));
  });
  router.put('/registrySync/sources/:id', async (req, res) => {
    res.json(await sourceView(await sources.update(sourceId(req), req.body, expectedVersion(req))));
  });
  router.delete('/registrySync/sources/:id', async (req, res) => {
    await sources.delete(sourceId(req));
    res.status(204).end();
  });
  router.post('/registrySync/sources/:id/run', async (req, res) => {
    const source = await sources.get(sourceId(req));
    const full = req.query.full === 'true' || (req.body as { full?: unknown } | undefined)?.full === true;
    try {
      const { run, done } = await service.start(source.id, { trigger: 'api', full });
      void done.catch(() => undefined); // the outcome is recorded with the run
      res.status(202).setHeader('Location', `${req.baseUrl}/registrySync/runs/${run.id}`).json(run);
    } catch (error) {
      if (error instanceof SourceBusy) throw new ApiError(409, 'registrySync.error.run.alreadyRunning', error.message);
      throw error;
    }
  });
  router.get('/registrySync/sources/:id/conflicts', async (req, res) => {
    const source = await sources.get(sourceId(req));
    const paging = pageRequest(req, NO_SORT, 'startedAt');
    const { rows, total } = await parkedConflicts(pool, source.id, paging.page * paging.size, paging.size);
    res.json(toPage(rows, total, paging));
  });
  router.get('/registrySync/sources/:id/links', async (req, res) => {
    const source = await sources.get(sourceId(req));
    const paging = pageRequest(req, NO_SORT, 'startedAt');
    const { links, total } = await listLinks(pool, source.id, paging.page * paging.size, paging.size);
    res.json(toPage(links, total, paging));
  });

  router.get('/registrySync/runs', async (req, res) => {
    const paging = pageRequest(req, { startedAt: 'startedAt' }, 'startedAt,desc');
    const filter = { sourceId: optionalUuid(req, 'sourceId'), status: optionalText(req, 'status') };
    const { runs, total } = await listRuns(pool, filter, paging.page * paging.size, paging.size);
    res.json(toPage(runs, total, paging));
  });
  router.get('/registrySync/runs/:id', async (req, res) => {
    res.json(await runOr404(req));
  });
  router.get('/registrySync/runs/:id/issues', async (req, res) => {
    const run = await runOr404(req);
    const paging = pageRequest(req, NO_SORT, 'startedAt');
    const { issues, total } = await listIssues(pool, run.id, paging.page * paging.size, paging.size);
    res.json(toPage(issues, total, paging));
  });

  async function runOr404(req: Request): Promise<RunRecord> {
    const id = String(req.params.id);
    const run = isUuid(id) ? await getRun(pool, id) : undefined;
    if (!run) throw new ApiError(404, 'registrySync.error.run.notFound', `Run ${id} does not exist`);
    return run;
  }

  /** What the API shows of a source: never a secret (there is none stored), and its latest run. */
  async function sourceView(source: SourceRecord) {
    const { pullState, ...rest } = source;
    const { runs } = await listRuns(pool, { sourceId: source.id }, 0, 1);
    return { ...rest, pullInProgress: pullState !== null, lastRun: runs[0] ?? null };
  }

  return router;
}

function sourceId(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new ApiError(404, 'registrySync.error.source.notFound', `Source ${id} does not exist`);
  return id;
}

function optionalUuid(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isUuid(value)) throw new ApiError(400, 'registrySync.error.query', `${name} must be a UUID`);
  return value;
}

function optionalText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'registrySync.error.query', `${name} must be given once`);
  return value;
}
