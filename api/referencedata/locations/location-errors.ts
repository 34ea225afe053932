/**
 * What the FHIR layer's refusals mean to a reference data client: an externally owned Location,
 * a stale version, or a code already used by another Location become 409s with our message keys.
 */
import { FhirError } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';

export async function translatingFhirErrors<T>(key: string, label: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw error instanceof FhirError ? toApiError(error, key, label) : error;
  }
}

function toApiError(error: FhirError, key: string, label: string): ApiError {
  const message = error.message;
  const owner = /owned by the registry "([^"]+)"/.exec(message)?.[1];
  if (owner) return new ApiError(409, `referenceData.error.${key}.externallyOwned`, `This ${label} is owned by the registry "${owner}" and is read-only here; change it there`, { owner });
  if (error.status === 412) return new ApiError(409, `referenceData.error.${key}.versionConflict`, `This ${label} was changed by someone else; reload it and try again`);
  if (/part of itself/.test(message)) return new ApiError(400, `referenceData.error.${key}.cycle`, `A ${label} cannot be placed inside itself or one of the places inside it`);
  if (/code/i.test(message) && error.status === 422) return new ApiError(409, `referenceData.error.${key}.code.duplicated`, message);
  if (error.status === 409) return new ApiError(409, `referenceData.error.${key}.conflict`, message);
  return new ApiError(error.status >= 500 ? 500 : 400, `referenceData.error.${key}.invalid`, message);
}
