/** Geographic levels: unique case-sensitive codes; deactivated or left unused, never deleted. */
import type { DataSource } from 'typeorm';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { GeographicLevel } from './geographic-level.entity.js';
import type { GeographicLevelInput } from './geographic-level.schema.js';

export function geographicLevelService(dataSource: DataSource): CodedEntityService<GeographicLevel, GeographicLevelInput> {
  return new CodedEntityService(dataSource, GeographicLevel, {
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
