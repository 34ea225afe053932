/**
 * Publishes the codes Lastmile puts on its Locations so other systems can resolve them: facility
 * types, geographic levels and programs as complete CodeSystems, facility operators as
 * Organizations (the facilities' managingOrganization). Each publication is rebuilt whole from
 * the LMIS tables, so a later one also repairs any that an earlier failure left behind.
 */
import type { CodeSystem, Organization } from '@medplum/fhirtypes';
import { LASTMILE_OWNER, type ResourceStore } from '../store/resource-store.js';
import { CODE_SYSTEMS, LASTMILE_CODE_SYSTEM, type ClassificationKind } from './lastmile-terms.js';

export interface PublishedConcept {
  code: string;
  display: string;
  definition?: string;
  active?: boolean;
}

export interface PublishedOperator {
  id: string;
  code: string;
  name: string;
  description?: string;
}

const TITLES: Record<ClassificationKind, string> = {
  facilityType: 'Lastmile facility types',
  geographicLevel: 'Lastmile geographic levels',
  program: 'Lastmile programs',
};

export class ClassificationPublisher {
  constructor(private readonly store: ResourceStore) {}

  async publishCodeSystem(kind: ClassificationKind, concepts: PublishedConcept[]): Promise<void> {
    const codeSystem: CodeSystem & { id: string } = {
      resourceType: 'CodeSystem',
      id: `lastmile-${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      url: CODE_SYSTEMS[kind],
      name: TITLES[kind].replaceAll(' ', ''),
      title: TITLES[kind],
      status: 'active',
      content: 'complete',
      caseSensitive: true,
      count: concepts.length,
      concept: concepts.map((c) => ({
        code: c.code,
        display: c.display,
        ...(c.definition ? { definition: c.definition } : {}),
        ...(c.active === false ? { property: [{ code: 'status', valueCode: 'retired' }] } : {}),
      })),
      ...(concepts.some((c) => c.active === false) ? { property: [{ code: 'status', uri: 'http://hl7.org/fhir/concept-properties#status', type: 'code' }] } : {}),
    };
    await this.store.update(codeSystem, { owner: LASTMILE_OWNER });
  }

  async publishOperator(operator: PublishedOperator): Promise<void> {
    const organization: Organization & { id: string } = {
      resourceType: 'Organization',
      id: operator.id,
      identifier: [{ system: LASTMILE_CODE_SYSTEM, value: operator.code }],
      active: true,
      name: operator.name,
      ...(operator.description ? { alias: [operator.description] } : {}),
    };
    await this.store.update(organization, { owner: LASTMILE_OWNER });
  }
}
