/**
 * The profiles Lastmile knows (those in profiles/ that @medplum/core could parse): the
 * CapabilityStatement lists them per resource type, validation looks them up by canonical URL.
 */
import type { StructureDefinition } from '@medplum/fhirtypes';
import { loadedStructureDefinitions } from './load.js';

let byUrl: Map<string, StructureDefinition> | undefined;
const byType = new Map<string, string[]>();

/** Every StructureDefinition from profiles/ that loaded (resource profiles and extensions). */
export function listLoadedProfiles(): StructureDefinition[] {
  return [...loadedStructureDefinitions()];
}

/**
 * Canonical URLs of the loaded resource profiles that constrain resourceType, for
 * CapabilityStatement.rest.resource.supportedProfile. Extensions and data type profiles are left out.
 */
export function profilesFor(resourceType: string): string[] {
  let urls = byType.get(resourceType);
  if (!urls) {
    urls = loadedStructureDefinitions()
      .filter((sd) => sd.kind === 'resource' && sd.type === resourceType && sd.derivation === 'constraint')
      .map((sd) => sd.url);
    byType.set(resourceType, urls);
  }
  return [...urls];
}

/** The loaded profile with this canonical URL (a `|version` suffix is ignored), if any. */
export function findLoadedProfile(url: string): StructureDefinition | undefined {
  byUrl ??= new Map(loadedStructureDefinitions().map((sd) => [sd.url, sd]));
  return byUrl.get(url.split('|')[0]);
}
