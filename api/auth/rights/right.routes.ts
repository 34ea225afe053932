/**
 * /api/rights: the right catalogue, read-only (rights come with the software, not from users).
 * GET /api/rights?name=&type= lists them (paged as every list), GET /api/rights/{id} reads one.
 */
import express, { type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { pageRequest, toPage } from '../../http/paging.js';
import { isUuid } from '../../http/request-params.js';
import type { AccessContext } from '../access-context.js';
import { queryText } from '../request-params.js';
import { RIGHT_TYPES, type RightType } from './right-catalogue.js';
import { Right } from './right.entity.js';

const SORTABLE = { name: 'name', type: 'type' };

export function rightRoutes({ dataSource }: AccessContext): Router {
  const rights = dataSource.getRepository(Right);
  const router = express.Router();

  router.get('/rights', async (req, res) => {
    const paging = pageRequest(req, SORTABLE, 'name');
    const query = rights.createQueryBuilder('r');
    const name = queryText(req, 'name');
    const type = queryText(req, 'type', (text) => RIGHT_TYPES.includes(text as RightType));
    if (name !== undefined) query.andWhere('r.name = :name', { name });
    if (type !== undefined) query.andWhere('r.type = :type', { type });
    for (const { field, direction } of paging.sort) query.addOrderBy(`r.${field}`, direction);
    query.addOrderBy('r.id').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    res.json(toPage(content, total, paging));
  });

  router.get('/rights/:id', async (req, res) => {
    const id = req.params.id as string;
    const right = isUuid(id) ? await rights.findOneBy({ id }) : null;
    if (!right) throw new ApiError(404, 'auth.error.right.notFound', `Right ${id} does not exist`);
    res.json(right);
  });
  return router;
}

