/** JSON Schema pieces every coded entity's body shares. */
export const CODE = { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' } as const;
export const NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' } as const;
export const DESCRIPTION = { type: 'string', nullable: true, maxLength: 2000 } as const;
/** id and version may be echoed back from a read; any other unknown field is a mistake worth reporting. */
export const ECHOED = { '^(id|version)$': {} } as const;
