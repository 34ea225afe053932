/** Checks on the type and id in a FHIR URL. */
import { badRequest, notFound } from '../outcomes.js';
import { isRegisteredType } from '../registry.js';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function requireType(resourceType: string): string {
  if (!isRegisteredType(resourceType)) throw notFound(`This server does not serve the resource type "${resourceType}"`);
  return resourceType;
}

export function requireId(id: string): string {
  if (!ID.test(id)) throw badRequest(`"${id}" is not a valid FHIR id (1-64 of A-Z, a-z, 0-9, - and .)`);
  return id;
}
