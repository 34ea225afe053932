/** Every TypeORM entity of the platform; a module that owns tables lists its entities here. */
import { Program } from '../referencedata/index.js';
import { Installation } from '../system/installation.js';

export const entities: Function[] = [Installation, Program];
