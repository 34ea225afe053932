/**
 * Organizations: the coded entity rules (unique case-sensitive codes, optimistic locking) plus a
 * unique case-sensitive name, since OpenLMIS and its CSV files name organizations by name
 * (a valid source's `organizationName`). Deactivated, never deleted.
 */
import type { Repository } from 'typeorm';
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { Organization } from './organization.entity.js';
import type { OrganizationInput } from './organization.schema.js';

export class OrganizationService extends CodedEntityService<Organization, OrganizationInput> {
  private readonly organizations: Repository<Organization>;

  constructor(db: Repositories) {
    super(db, Organization, {
      key: 'organization',
      label: 'Organization',
      uniqueConstraints: { stock_organizations_name_unique: { field: 'name', messageKey: 'referenceData.error.organization.name.duplicated' } },
      ownFields: (input) => ({ active: input.active ?? true }),
    });
    this.organizations = db.getRepository(Organization);
  }

  async findByName(name: string): Promise<Organization | undefined> {
    return (await this.organizations.findOneBy({ name })) ?? undefined;
  }
}

export function organizationService(db: Repositories): OrganizationService {
  return new OrganizationService(db);
}
