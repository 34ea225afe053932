/**
 * Liveness (`/health`: the process answers) and readiness (`/health/ready`: the database answers
 * and every migration is applied, and the instance is not draining for shutdown).
 */
import express, { type Router } from 'express';
import type { DataSource } from 'typeorm';
import { pendingMigrationNames } from '../db/migrate.js';

export interface HealthState {
  draining: boolean;
}

export function healthRouter(dataSource: DataSource, state: HealthState): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const checks = await readinessChecks(dataSource, state);
    const ready = Object.values(checks).every((check) => check.status === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  });
  return router;
}

interface Check {
  status: 'up' | 'down';
  detail?: string;
}

async function readinessChecks(dataSource: DataSource, state: HealthState): Promise<Record<string, Check>> {
  const shutdown: Check = state.draining ? { status: 'down', detail: 'shutting down' } : { status: 'up' };
  try {
    await dataSource.query('SELECT 1');
  } catch {
    return { database: { status: 'down', detail: 'database unreachable' }, migrations: { status: 'down' }, shutdown };
  }
  const pending = await pendingMigrationNames(dataSource);
  const migrations: Check = pending.length === 0 ? { status: 'up' } : { status: 'down', detail: `${pending.length} pending` };
  return { database: { status: 'up' }, migrations, shutdown };
}
