/**
 * Prometheus metrics (prom-client): process defaults, request counts and latencies per route
 * pattern, and the database pool's usage. Each platform instance has its own registry so tests
 * and several in-process apps never share counters.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Router } from 'express';
import express from 'express';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ApiError } from './errors.js';
import { mountOf } from './mounts.js';

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  router(token: string | undefined): Router;
}

export function createMetrics(pool: () => pg.Pool | undefined): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests served', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  poolGauge(registry, 'db_pool_connections_total', 'Connections open in the database pool', () => pool()?.totalCount);
  poolGauge(registry, 'db_pool_connections_idle', 'Idle connections in the database pool', () => pool()?.idleCount);
  poolGauge(registry, 'db_pool_requests_waiting', 'Queries waiting for a pool connection', () => pool()?.waitingCount);

  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    // Express restores req.baseUrl when routing unwinds, so read the route as the answer is sent.
    let route = 'unmatched';
    const end = res.end;
    res.end = function (this: typeof res, ...args: Parameters<typeof end>) {
      route = routeLabel(req);
      return end.apply(this, args);
    } as typeof end;
    res.once('finish', () => {
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      stop(labels);
    });
    next();
  };

  const router = (token: string | undefined): Router =>
    express.Router().get('/metrics', async (req, res) => {
      if (token !== undefined && !bearerMatches(req, token)) {
        throw new ApiError(401, 'lastmile.error.unauthorized', 'GET /metrics needs the metrics bearer token');
      }
      res.type(registry.contentType).send(await registry.metrics());
    });

  return { registry, middleware, router };
}

function poolGauge(registry: Registry, name: string, help: string, read: () => number | undefined): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read() ?? 0);
    },
  });
}

/**
 * The matched route pattern (bounded cardinality), never the raw URL. An error answered by the
 * app-level handler has lost req.baseUrl, so the module's mount is taken from the URL instead.
 */
function routeLabel(req: Request): string {
  const path = req.originalUrl.split('?')[0];
  const base = req.baseUrl || mountOf(path) || '';
  const pattern = req.route?.path;
  if (typeof pattern === 'string') return `${base}${pattern}`;
  return base || 'unmatched';
}

function bearerMatches(req: Request, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
