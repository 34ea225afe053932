/**
 * Managing sources through the API, and registering those the environment configures. A source
 * keeps its name (the owner of what it brought) and id prefix (which local ids depend on) for
 * life; environment sources can only be changed in the environment; a source being pulled
 * cannot be deleted. Deleting a source leaves the resources it brought, still owned by its name.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { ApiError } from '../../../api/http/errors.js';
import { tryLockSource } from '../run/source-lock.js';
import { sourceDefinition, type SourceDefinition } from './source-definition.js';
import { deleteSource, getSource, getSourceByName, insertSource, listSources, updateSource, type SourceRecord } from './source-store.js';

export class SourceService {
  constructor(private readonly pool: pg.Pool) {}

  list(): Promise<SourceRecord[]> {
    return listSources(this.pool);
  }

  async get(id: string): Promise<SourceRecord> {
    const found = await getSource(this.pool, id);
    if (!found) throw notFound(id);
    return found;
  }

  async create(body: unknown): Promise<SourceRecord> {
    const created = await insertSource(this.pool, sourceDefinition(body), 'api');
    if (!created) throw new ApiError(409, 'registrySync.error.source.nameTaken', `A source named "${(body as { name: string }).name}" already exists`);
    return created;
  }

  async update(id: string, body: unknown, expectedVersion?: number): Promise<SourceRecord> {
    const current = await this.get(id);
    if (current.managedBy === 'env') throw envManaged(current);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new ApiError(409, 'registrySync.error.source.versionConflict', 'This source was changed by someone else; reload it and try again');
    }
    const next = sourceDefinition(body);
    checkFixed(current, next);
    return updateSource(this.pool, id, next, 'api');
  }

  async delete(id: string): Promise<void> {
    const current = await this.get(id);
    if (current.managedBy === 'env') throw envManaged(current);
    const lock = await tryLockSource(this.pool, id);
    if (!lock) throw new ApiError(409, 'registrySync.error.source.running', `Source "${current.name}" is being pulled; delete it when the run is over`);
    try {
      await deleteSource(this.pool, id);
    } finally {
      await lock.release();
    }
  }
}

/** Writes the environment's sources to the database (they win over an API source of the same name). */
export async function registerEnvSources(pool: pg.Pool, definitions: SourceDefinition[], logger: Logger): Promise<void> {
  for (const definition of definitions) {
    const existing = await getSourceByName(pool, definition.name);
    if (!existing) {
      await insertSource(pool, definition, 'env');
    } else if (existing.idPrefix !== definition.idPrefix) {
      logger.error({ source: definition.name }, `MCSD_SOURCES: the id prefix of source "${definition.name}" cannot change (local ids depend on it); the stored definition is kept`);
    } else {
      await updateSource(pool, existing.id, definition, 'env');
    }
  }
}

function checkFixed(current: SourceRecord, next: SourceDefinition): void {
  for (const field of ['name', 'idPrefix'] as const) {
    if (current[field] !== next[field]) {
      throw new ApiError(400, 'registrySync.error.source.fixedField', `A source's ${field} cannot change (it is "${current[field]}"): create another source instead`, { field });
    }
  }
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'registrySync.error.source.notFound', `Source ${id} does not exist`);
}

function envManaged(source: SourceRecord): ApiError {
  return new ApiError(409, 'registrySync.error.source.envManaged', `Source "${source.name}" is configured by the environment (MCSD_SOURCES); change it there`);
}
