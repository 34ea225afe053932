/** Every TypeORM entity of the platform; a module that owns tables lists its entities here. */
import { referenceDataEntities } from '../referencedata/index.js';
import { authEntities } from '../auth/index.js';
import { Installation } from '../system/installation.js';

export const entities: Function[] = [Installation, ...referenceDataEntities, ...authEntities];
