/** /api/programs: list (paged, filter by code and name), read, create, update. Programs are deactivated, never deleted. */
import express, { type Request, type Router } from 'express';
import type { DataSource } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { validateProgram } from './program.schema.js';
import { ProgramService } from './program.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTABLE = { code: 'code', name: 'name' };

export function programRoutes(dataSource: DataSource): Router {
  const service = new ProgramService(dataSource);
  const router = express.Router();

  router.get('/programs', async (req, res) => {
    const filter = { code: text(req, 'code'), name: text(req, 'name') };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'code')));
  });

  router.get('/programs/:id', async (req, res) => {
    const program = await service.get(uuid(req.params.id));
    res.setHeader('ETag', `W/"${program.version}"`).json(program);
  });

  router.post('/programs', async (req, res) => {
    const program = await service.create(validateProgram(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}/programs/${program.id}`).setHeader('ETag', `W/"${program.version}"`).json(program);
  });

  router.put('/programs/:id', async (req, res) => {
    const program = await service.update(uuid(req.params.id), validateProgram(req.body), ifMatch(req));
    res.setHeader('ETag', `W/"${program.version}"`).json(program);
  });

  return router;
}

function text(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function uuid(id: string): string {
  if (!UUID.test(id)) throw new ApiError(404, 'referenceData.error.program.notFound', `Program ${id} does not exist`);
  return id;
}

/** The version named by If-Match (W/"3"), or by the body's `version` as OpenLMIS clients send it. */
function ifMatch(req: Request): number | undefined {
  const header = req.get('if-match');
  const match = header ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (header && !match) throw new ApiError(400, 'lastmile.error.ifMatch', `If-Match must name a version like W/"3"; got ${header}`);
  if (match) return Number(match[1]);
  const bodyVersion = (req.body as { version?: unknown })?.version;
  return typeof bodyVersion === 'number' ? bodyVersion : undefined;
}
