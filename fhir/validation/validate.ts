/**
 * Validation of every resource a client creates or updates. A resource is accepted when it is a
 * JSON object of a known resource type (the one the URL names, if any), conforms to the R4 base
 * definition, uses codes from every `required` value set we can expand, and conforms to each
 * profile it claims in meta.profile that this server has loaded. Otherwise the client gets one 400
 * OperationOutcome listing every problem found, each located by a FHIRPath expression.
 *
 * A claimed profile the server does not know is not an error (FHIR: meta.profile is an assertion
 * of the sender, and servers may not know every profile); it becomes an `information` issue.
 */
import { isResourceType, tryGetProfile } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../definitions/load.js';
import { findLoadedProfile } from '../definitions/profiles.js';
import { badRequest, invalid, issue } from '../outcomes.js';
import { normalizeLegacyCodes } from './legacy-codes.js';
import { baseIssues, profileIssues } from './medplum-validator.js';
import { checkRequiredBindings } from './required-bindings.js';

export interface ValidationOptions {
  /** The resource type the request URL names (e.g. PUT /Location/1): anything else is refused. */
  expectedType?: string;
}

export interface ValidationResult {
  /** The resource exactly as sent (legacy codes are only normalised for checking). */
  resource: Resource;
  /** The warnings and information notes found; empty when there is nothing to say. */
  issues: OperationOutcomeIssue[];
}

/** Returns the resource as sent if it is valid; throws a 400 FhirError listing every issue otherwise. */
export function validateFhirResource(resource: unknown, options: ValidationOptions = {}): Resource {
  return checkFhirResource(resource, options).resource;
}

/** Like validateFhirResource, but also returns the non-error issues so they can be shown to the client. */
export function checkFhirResource(body: unknown, options: ValidationOptions = {}): ValidationResult {
  loadFhirDefinitions();
  const resource = checkResourceType(body, options.expectedType);
  const subject = normalizeLegacyCodes(resource);
  const issues = new IssueList();
  issues.add(baseIssues(subject));
  issues.add(checkRequiredBindings(subject));
  checkClaimedProfiles(subject, issues);
  if (issues.hasErrors()) throw invalid(issues.all());
  return { resource, issues: issues.all() };
}

/** The checks medplum cannot do for us, because it needs a resource type to start from. */
function checkResourceType(body: unknown, expectedType: string | undefined): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The body must be a JSON object holding a FHIR resource', '$this');
  }
  const type = (body as { resourceType?: unknown }).resourceType;
  if (type === undefined) throw badRequest('The resource has no resourceType', '$this');
  // The pattern keeps names of data types and internal schema entries out (isResourceType alone is not enough).
  if (typeof type !== 'string' || !/^[A-Z][A-Za-z]+$/.test(type) || !isResourceType(type)) {
    throw badRequest(`Unknown resourceType ${JSON.stringify(type)}`, '$this');
  }
  if (expectedType && type !== expectedType) {
    throw badRequest(`Expected resourceType ${expectedType} but got ${type}`, '$this');
  }
  return body as Resource;
}

function checkClaimedProfiles(resource: Resource, issues: IssueList): void {
  const claimed = resource.meta?.profile;
  if (!Array.isArray(claimed)) return; // a wrong meta.profile shape is already a base issue
  claimed.forEach((url, i) => {
    if (typeof url !== 'string') return;
    const path = `${resource.resourceType}.meta.profile[${i}]`;
    const profile = findLoadedProfile(url);
    if (!profile) {
      issues.add([issue('information', 'informational', `Profile ${url} is not known here; the resource was not checked against it`, path)]);
    } else if (profile.type !== resource.resourceType) {
      issues.add([issue('error', 'invalid', `Profile ${url} applies to ${profile.type}, not ${resource.resourceType}`, path)]);
    } else {
      issues.add(profileIssues(resource, profile).concat(checkRequiredBindings(resource, tryGetProfile(profile.url))), profile);
    }
  });
}

/**
 * Issues without repeats: a profile's snapshot restates the base definition, so an unknown element
 * is reported by both; only the first report is kept. Issues only a profile raises name that profile.
 */
class IssueList {
  private readonly issues: OperationOutcomeIssue[] = [];
  private readonly seen = new Set<string>();

  add(found: OperationOutcomeIssue[], profile?: StructureDefinition): void {
    for (const item of found) {
      const key = [item.severity, item.code, item.expression?.join(','), item.details?.text ?? item.diagnostics].join('\u0000');
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.issues.push(profile ? { ...item, diagnostics: `${item.diagnostics ?? item.code} (profile ${profile.name ?? profile.url})` } : item);
    }
  }

  hasErrors(): boolean {
    return this.issues.some((item) => item.severity === 'error' || item.severity === 'fatal');
  }

  all(): OperationOutcomeIssue[] {
    return [...this.issues];
  }
}
