/** /api/geographicZones: list (paged; by code, name, parent, level), read, create, update. Zones are mCSD Locations. */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { validateGeographicZone } from './geographic-zone.schema.js';
import { GeographicZoneService } from './geographic-zone.service.js';
import { textQuery } from '../locations/query.js';

const SORTABLE = { code: 'code', name: 'name' };

export function geographicZoneRoutes({ dataSource, fhir }: ReferenceDataContext): Router {
  const service = new GeographicZoneService(dataSource, fhir.locations);
  const router = express.Router();

  router.get('/geographicZones', async (req, res) => {
    const filter = { code: textQuery(req, 'code'), name: textQuery(req, 'name'), parentId: textQuery(req, 'parentId'), levelCode: textQuery(req, 'levelCode') };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'code')));
  });
  router.get('/geographicZones/:id', async (req, res) => {
    const zone = await service.get(zoneId(req));
    res.setHeader('ETag', `W/"${zone.version}"`).json(zone);
  });
  router.post('/geographicZones', async (req, res) => {
    const zone = await service.create(validateGeographicZone(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}/geographicZones/${zone.id}`).setHeader('ETag', `W/"${zone.version}"`).json(zone);
  });
  router.put('/geographicZones/:id', async (req, res) => {
    const zone = await service.update(zoneId(req), validateGeographicZone(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${zone.version}"`).json(zone);
  });
  return router;
}

function zoneId(req: Request): string {
  return req.params.id as string;
}
