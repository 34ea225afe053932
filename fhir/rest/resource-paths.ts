/** Checks on the type and id in a FHIR URL. */
import { badRequest, methodNotAllowed, notFound } from '../outcomes.js';
import { interactionsOf, isRegisteredType, type Interaction } from '../registry.js';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function requireType(resourceType: string): string {
  if (!isRegisteredType(resourceType)) throw notFound(`This server does not serve the resource type "${resourceType}"`);
  return resourceType;
}

/** A served type whose interactions do not include this one (e.g. writing a published CodeSystem) answers 405. */
export function requireInteraction(resourceType: string, interaction: Interaction): string {
  requireType(resourceType);
  if (!interactionsOf(resourceType).includes(interaction)) throw methodNotAllowed(`${resourceType} does not support the ${interaction} interaction here`);
  return resourceType;
}

export function requireId(id: string): string {
  if (!ID.test(id)) throw badRequest(`"${id}" is not a valid FHIR id (1-64 of A-Z, a-z, 0-9, - and .)`);
  return id;
}
