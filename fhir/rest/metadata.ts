/**
 * metadata: GET [base]/metadata. The CapabilityStatement is generated from what is registered
 * and really supported (types, interactions, search parameters, includes, profiles), never
 * hand-written, so it cannot claim what the server does not do.
 */
import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { profilesFor } from '../definitions/profiles.js';
import { interactionsOf, registeredTypes } from '../registry.js';
import { indexedParameters } from '../search/index-values.js';
import type { FhirContext, FhirResponse } from './context.js';

const MCSD = 'https://profiles.ihe.net/ITI/mCSD/CapabilityStatement/IHE.mCSD';
const SOFTWARE_VERSION = '0.1.0';

let cached: { baseUrl: string; statement: string } | undefined;

export async function metadataInteraction(ctx: FhirContext): Promise<FhirResponse> {
  if (cached?.baseUrl !== ctx.baseUrl) cached = { baseUrl: ctx.baseUrl, statement: JSON.stringify(capabilityStatement(ctx.baseUrl)) };
  return { status: 200, body: cached.statement };
}

export function capabilityStatement(baseUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'Lastmile',
    kind: 'instance',
    instantiates: [`${MCSD}.Directory`, `${MCSD}.Directory.Update`, `${MCSD}.Directory.Feed`, `${MCSD}.Directory.LocationDistance`],
    software: { name: 'Lastmile', version: SOFTWARE_VERSION },
    implementation: { description: 'Lastmile embedded FHIR R4 server', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'application/fhir+xml', 'json', 'xml'],
    rest: [
      {
        mode: 'server',
        documentation: 'IHE mCSD Directory with the Update, Feed and Location Distance options',
        resource: registeredTypes().map(resourceCapability),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
      },
    ],
  };
}

function resourceCapability(type: string): CapabilityStatementRestResource {
  const searchParam = [
    { name: '_id', type: 'token' as const },
    { name: '_lastUpdated', type: 'date' as const },
    ...indexedParameters(type).map((p) => ({ name: p.code, type: p.type })),
    ...(type === 'Location' ? [{ name: 'near', type: 'special' as const }] : []),
  ];
  return {
    type: type as CapabilityStatementRestResource['type'],
    supportedProfile: profilesFor(type),
    interaction: interactionsOf(type).map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: true,
    conditionalDelete: 'not-supported',
    searchInclude: referenceParameters(type).map((code) => `${type}:${code}`),
    searchRevInclude: registeredTypes().flatMap((other) => referenceParameters(other).filter((code) => targets(other, code).includes(type)).map((code) => `${other}:${code}`)),
    searchParam,
  };
}

function referenceParameters(type: string): string[] {
  return indexedParameters(type).filter((p) => p.type === 'reference').map((p) => p.code);
}

function targets(type: string, code: string): string[] {
  return getSearchParameters(type)?.[code]?.target ?? [];
}
