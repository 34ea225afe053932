/**
 * Thin wrapper over @medplum/core's structural validator (types, cardinality, unknown elements,
 * invariants, fixed values/patterns and slice counts from a profile's snapshot).
 *
 * Why the detour for profiles: `validateResource(resource, { profile })` re-parses the profile's
 * StructureDefinition on every call (about 1.3 ms for an mCSD FacilityLocation, ten times the
 * validation itself). The schema medplum parsed when the profile was loaded (`tryGetProfile`) is
 * therefore registered for the duration of one synchronous call under a private type name and
 * validated with `validateTypedValue`, which is the same validator fed the same schema. The
 * registration is removed before returning, so no other code ever sees it. The test suite checks
 * that both ways give the same issues on the mCSD examples and broken variants of them.
 */
import { getAllDataTypes, OperationOutcomeError, tryGetProfile, validateResource, validateTypedValue } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { issue } from '../outcomes.js';

const PROFILE_TYPE_ALIAS = '__lastmile_profile_under_validation__';

/** Issues (errors and warnings) from validating against the R4 base definition of the resource type. */
export function baseIssues(resource: Resource): OperationOutcomeIssue[] {
  return collect(resource, () => validateResource(resource));
}

/** Issues from validating against a loaded profile, using the schema parsed once at load time. */
export function profileIssues(resource: Resource, profile: StructureDefinition): OperationOutcomeIssue[] {
  const schema = tryGetProfile(profile.url);
  if (!schema) return collect(resource, () => validateResource(resource, { profile }));
  const types = getAllDataTypes();
  types[PROFILE_TYPE_ALIAS] = schema;
  try {
    return collect(resource, () => validateTypedValue({ type: PROFILE_TYPE_ALIAS, value: resource }));
  } finally {
    delete types[PROFILE_TYPE_ALIAS];
  }
}

/** The slow, documented way; kept for the equivalence test. */
export function profileIssuesReparsing(resource: Resource, profile: StructureDefinition): OperationOutcomeIssue[] {
  return collect(resource, () => validateResource(resource, { profile }));
}

/**
 * medplum returns the non-error issues and throws an OperationOutcomeError carrying all of them on
 * errors. On some malformed input it throws a plain Error instead (`"_status": 5` gives "Primitive
 * extension must be an object"); that is the client's doing, so it becomes an issue too, not a 500.
 */
function collect(resource: Resource, validate: () => OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  const root = resource.resourceType;
  try {
    return validate().map((item) => normalize(item, root));
  } catch (err) {
    if (err instanceof OperationOutcomeError) return (err.outcome.issue ?? []).map((item) => normalize(item, root));
    const located = malformedPrimitiveExtensions(resource, root);
    if (located.length > 0) return located;
    const message = err instanceof Error ? err.message : String(err);
    return [issue('error', 'structure', `The resource is malformed: ${message}`, root)];
  }
}

/**
 * Locates the input medplum throws on: a primitive's companion `_name` property (its id and
 * extensions) must be an object, or for a repeating primitive an array of objects or nulls.
 * Only run after medplum threw, so the happy path does not pay for this walk.
 */
function malformedPrimitiveExtensions(value: unknown, path: string): OperationOutcomeIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => malformedPrimitiveExtensions(item, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const found: OperationOutcomeIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('_') && !isPrimitiveExtension(child)) {
      found.push(issue('error', 'structure', `"${key}" must hold the id and extensions of "${key.slice(1)}" as an object`, `${path}.${key.slice(1)}`));
    } else if (!key.startsWith('_')) {
      found.push(...malformedPrimitiveExtensions(child, `${path}.${key}`));
    }
  }
  return found;
}

function isPrimitiveExtension(value: unknown): boolean {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObject(value) || (Array.isArray(value) && value.every((v) => v === null || isObject(v)));
}

/**
 * medplum puts its message in `details.text` and sometimes a FHIRPath in `diagnostics`; Lastmile's
 * outcomes carry the human message in `diagnostics` (FhirError builds its message from it), so the
 * text is copied there, followed by medplum's own diagnostics when it gave any. Every issue gets a location.
 */
function normalize(medplumIssue: OperationOutcomeIssue, root: string): OperationOutcomeIssue {
  const text = medplumIssue.details?.text;
  const fhirpath = medplumIssue.diagnostics; // e.g. {"fhirpath":"..."} for a failed invariant
  const diagnostics = text ? (fhirpath ? `${text} ${fhirpath}` : text) : fhirpath;
  // A few issues come without a location (an unknown type inside a Bundle); they are about the resource.
  const expression = medplumIssue.expression?.length ? medplumIssue.expression : [root];
  return { ...medplumIssue, ...(diagnostics ? { diagnostics } : {}), expression };
}
