/** The body of POST /api/users and PUT /api/users/{id} (a whole user, as OpenLMIS's user save takes it). */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';

export interface UserInput {
  username: string;
  firstName: string;
  lastName: string;
  email?: string | null;
  emailVerified: boolean;
  phoneNumber?: string | null;
  jobTitle?: string | null;
  active: boolean;
  loginRestricted: boolean;
  homeFacilityId?: string | null;
}

/** What the users table allows (users_username_format): letters, digits and . _ @ - */
export const USERNAME_PATTERN = '^[A-Za-z0-9._@-]{1,64}$';
const PERSON_NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' } as const;

const schema = {
  type: 'object',
  properties: {
    username: { type: 'string', pattern: USERNAME_PATTERN },
    firstName: PERSON_NAME,
    lastName: PERSON_NAME,
    email: { type: 'string', format: 'email', maxLength: 254, nullable: true },
    emailVerified: { type: 'boolean', default: false },
    phoneNumber: { type: 'string', maxLength: 50, nullable: true },
    jobTitle: { type: 'string', maxLength: 255, nullable: true },
    active: { type: 'boolean', default: true },
    loginRestricted: { type: 'boolean', default: false },
    homeFacilityId: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$', nullable: true },
  },
  required: ['username', 'firstName', 'lastName'],
  additionalProperties: false,
  patternProperties: { '^(id|version)$': {} },
} as unknown as JSONSchemaType<UserInput>;

export const validateUser = bodyValidator(schema, 'auth.error.user.invalid');
