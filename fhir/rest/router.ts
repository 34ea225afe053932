/**
 * The FHIR RESTful API at /fhir: routes to one handler per interaction, reads bodies as text (JSON
 * or XML, up to a limit), and answers every error as an OperationOutcome with its status.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { FhirError, issue, operationOutcome, tooLarge, unauthorized } from '../outcomes.js';
import { LASTMILE_OWNER, type ResourceStore } from '../store/resource-store.js';
import { bundleInteraction } from './bundle.js';
import { conditionalUpdateInteraction, updateInteraction } from './update.js';
import type { FhirContext, FhirResponse } from './context.js';
import { createInteraction } from './create.js';
import { deleteInteraction } from './delete.js';
import { historyInteraction } from './history.js';
import { metadataInteraction } from './metadata.js';
import { readInteraction } from './read.js';
import { searchInteraction } from './search.js';
import { sendFhir } from './send.js';
import { vreadInteraction } from './vread.js';
import type { FhirCaller, FhirGate } from './access.js';

export interface FhirRouterOptions {
  store: ResourceStore;
  /** Public base URL of the platform (PUBLIC_URL) when behind a proxy. */
  publicUrl?: string;
  /** Largest request body accepted. */
  bodyLimit?: string;
  /** Who a request comes from; without a caller only /metadata answers (401 otherwise). */
  gate: FhirGate;
}

type Handler = (ctx: FhirContext, params: Record<string, string>) => Promise<FhirResponse>;

export function fhirRouter({ store, publicUrl, gate, bodyLimit = '5mb' }: FhirRouterOptions): Router {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: bodyLimit }));
  router.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  const route = (handler: Handler, open = false) => async (req: Request, res: Response) => {
    const baseUrl = `${publicUrl ?? `${req.protocol}://${req.get('host')}`}/fhir`;
    const caller = open ? PUBLIC_CALLER : await gate(req);
    if (!caller) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="lastmile"');
      throw unauthorized('Send an access token (Authorization: Bearer ...); only /metadata is public');
    }
    const ctx: FhirContext = { store, baseUrl, owner: caller.owner, caller, req };
    sendFhir(req, res, await handler(ctx, req.params as Record<string, string>));
  };
  const search: Handler = (ctx, p) => searchInteraction(ctx, p.type, searchParams(ctx.req));

  router.get('/metadata', route((ctx) => metadataInteraction(ctx), true));
  router.post('/', route((ctx) => bundleInteraction(ctx)));
  router.get('/_history', route((ctx) => historyInteraction(ctx)));
  router.get('/:type/_history', route((ctx, p) => historyInteraction(ctx, p.type)));
  router.post('/:type/_search', route(search));
  router.get('/:type/:id/_history/:vid', route((ctx, p) => vreadInteraction(ctx, p.type, p.id, p.vid)));
  router.get('/:type/:id/_history', route((ctx, p) => historyInteraction(ctx, p.type, p.id)));
  router.get('/:type/:id', route((ctx, p) => readInteraction(ctx, p.type, p.id)));
  router.put('/:type/:id', route((ctx, p) => updateInteraction(ctx, p.type, p.id)));
  router.delete('/:type/:id', route((ctx, p) => deleteInteraction(ctx, p.type, p.id)));
  router.get('/:type', route(search));
  router.post('/:type', route((ctx, p) => createInteraction(ctx, p.type)));
  router.put('/:type', route((ctx, p) => conditionalUpdateInteraction(ctx, p.type, new URLSearchParams(ctx.req.url.split('?')[1] ?? '').toString())));
  router.use((req, _res, next) => next(new FhirError(404, operationOutcome([issue('error', 'not-supported', `${req.method} ${req.baseUrl}${req.path} is not a FHIR interaction this server supports`)]))));
  router.use(fhirErrorHandler);
  return router;
}

/** The CapabilityStatement's reader: anyone, for nothing but metadata. */
const PUBLIC_CALLER: FhirCaller = { owner: LASTMILE_OWNER, may: () => false };

/** GET query, or for POST _search the form body merged with the query (FHIR allows both). */
function searchParams(req: Request): URLSearchParams {
  const params = new URLSearchParams(req.url.split('?')[1] ?? '');
  if (req.method === 'POST' && typeof req.body === 'string' && req.body.trim()) {
    for (const [name, value] of new URLSearchParams(req.body)) params.append(name, value);
  }
  return params;
}

function fhirErrorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  let fhirError: FhirError;
  const http = error as { type?: string; status?: number };
  if (error instanceof FhirError) fhirError = error;
  else if (http?.type === 'entity.too.large') fhirError = tooLarge('The request body is larger than this server accepts');
  else if (typeof http?.status === 'number' && http.status >= 400 && http.status < 500) {
    fhirError = new FhirError(http.status, operationOutcome([issue('error', 'invalid', (error as Error).message)]));
  } else {
    req.log?.error({ err: error }, 'FHIR request failed');
    fhirError = new FhirError(500, operationOutcome([issue('error', 'exception', 'An unexpected error occurred')]));
  }
  try {
    sendFhir(req, res, { status: fhirError.status, body: fhirError.outcome });
  } catch {
    // The client's Accept cannot be honoured either: answer in JSON rather than not at all.
    res.status(fhirError.status).type('application/fhir+json').send(JSON.stringify(fhirError.outcome));
  }
}
