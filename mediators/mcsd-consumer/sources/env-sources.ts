/**
 * Sources configured through the environment: MCSD_SOURCES holds a JSON array of source
 * definitions, or MCSD_SOURCES_FILE names a JSON file holding one. They are written to the
 * database at start (and are read-only through the API); secrets stay in the environment,
 * referenced by name (`passwordEnv`, `clientSecretEnv`).
 */
import fs from 'node:fs';
import { ApiError } from '../../../api/http/errors.js';
import { sourceDefinition, type SourceDefinition } from './source-definition.js';

/** A bad value, naming the variable (api/config.ts turns it into a ConfigError). */
export class EnvSourceError extends Error {
  constructor(
    readonly variable: string,
    readonly detail: string,
  ) {
    super(`${variable}: ${detail}`);
  }
}

export function sourcesFromEnv(env: Record<string, string | undefined>): SourceDefinition[] {
  const inline = env.MCSD_SOURCES?.trim();
  const file = env.MCSD_SOURCES_FILE?.trim();
  if (inline && file) throw new EnvSourceError('MCSD_SOURCES_FILE', 'set either MCSD_SOURCES or MCSD_SOURCES_FILE, not both');
  if (!inline && !file) return [];
  const variable = inline ? 'MCSD_SOURCES' : 'MCSD_SOURCES_FILE';
  const text = inline ?? readFile(file!);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EnvSourceError(variable, `is not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const definitions = list.map((item, i) => {
    try {
      return sourceDefinition(item);
    } catch (error) {
      if (error instanceof ApiError) throw new EnvSourceError(variable, `source ${i + 1}: ${error.message}`);
      throw error;
    }
  });
  const names = definitions.map((d) => d.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new EnvSourceError(variable, `the source name "${repeated}" appears twice`);
  return definitions;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EnvSourceError('MCSD_SOURCES_FILE', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
