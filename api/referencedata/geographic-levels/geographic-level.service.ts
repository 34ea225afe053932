/** Geographic levels: unique case-sensitive codes; deactivated or left unused, never deleted. */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { GeographicLevel } from './geographic-level.entity.js';
import type { GeographicLevelInput } from './geographic-level.schema.js';

export function geographicLevelService(db: Repositories): CodedEntityService<GeographicLevel, GeographicLevelInput> {
  return new CodedEntityService(db, GeographicLevel, {
    key: 'geographicLevel',
    label: 'Geographic level',
    uniqueConstraints: {
      geographic_levels_level_number_unique: { field: 'levelNumber', messageKey: 'referenceData.error.geographicLevel.levelNumber.duplicated' },
    },
    ownFields: (input) => ({
      levelNumber: input.levelNumber,
    }),
  });
}
