/**
 * Serves the built React UI (dist/ui) at `/`, with the SPA fallback: a browser GET for a page
 * route the client router owns gets index.html. API, FHIR and health paths are never shadowed.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { MODULE_MOUNTS, PLATFORM_PATHS, mountOf } from './mounts.js';

const SERVER_PATHS = [...MODULE_MOUNTS, ...PLATFORM_PATHS];

export function uiRouter(distDir: string): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return router;
  // Hashed asset names never change content, so they may be cached for a year; index.html never.
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get('/{*splat}', (req, res, next) => {
    if (mountOf(req.path, SERVER_PATHS)) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
