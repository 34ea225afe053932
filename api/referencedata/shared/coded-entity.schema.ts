/** JSON Schema pieces every coded entity's body shares, and the validator built from them. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator, type Validator } from '../../http/validation.js';

export const NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' } as const;
export const DESCRIPTION = { type: 'string', nullable: true, maxLength: 2000 } as const;
const CODE = { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' } as const;
/** id and version may be echoed back from a read; any other unknown field is a mistake worth reporting. */
export const ECHOED = { '^(id|version)$': {} } as const;

/**
 * A validator for a coded entity's body: code, name and description, plus the entity's own
 * properties (`required` lists those of them that must be given).
 */
export function codedEntityValidator<I>(key: string, properties: Record<string, object>, required: string[] = []): Validator<I> {
  const schema = {
    type: 'object',
    properties: { code: CODE, name: NAME, description: DESCRIPTION, ...properties },
    required: ['code', 'name', ...required],
    additionalProperties: false,
    patternProperties: ECHOED,
  } as unknown as JSONSchemaType<I>;
  return bodyValidator(schema, `referenceData.error.${key}.invalid`);
}
