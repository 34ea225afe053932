/**
 * POST /api/users/{id}/password: a user changes their own password (the current one is checked,
 * and a wrong one counts towards the lockout like a failed login), or a holder of USERS_MANAGE
 * sets someone's password (a reset). New passwords follow the same rules as everywhere else.
 * With an external identity provider passwords live there: 409.
 */
import express, { type Router } from 'express';
import type { JSONSchemaType } from 'ajv';
import type { DataSource } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';
import { bodyValidator } from '../../http/validation.js';
import type { AuthorizationService } from '../permissions/permission.service.js';
import { principalOf } from '../tokens/verify.js';
import { User } from '../users/user.entity.js';
import type { CredentialService } from './credential.service.js';
import { passwordProblem } from './passwords.js';

interface PasswordChange {
  currentPassword?: string;
  newPassword: string;
}

const validate = bodyValidator<PasswordChange>(
  {
    type: 'object',
    properties: { currentPassword: { type: 'string', nullable: true, maxLength: 1024 }, newPassword: { type: 'string', maxLength: 1024 } },
    required: ['newPassword'],
    additionalProperties: false,
  } as unknown as JSONSchemaType<PasswordChange>,
  'auth.error.password.invalid',
);

export function passwordRoutes(dataSource: DataSource, credentials: CredentialService | undefined, authorization: AuthorizationService): Router {
  return express.Router().post('/users/:id/password', async (req, res) => {
    const id = req.params.id as string;
    const user = isUuid(id) ? await dataSource.getRepository(User).findOneBy({ id }) : null;
    if (!user) throw new ApiError(404, 'auth.error.user.notFound', `User ${id} does not exist`);
    if (!credentials) throw new ApiError(409, 'auth.error.password.external', 'Passwords are kept by the external identity provider; change it there');
    const change = validate(req.body);
    const principal = await principalOf(req);
    const self = principal?.kind === 'user' && principal.userId === user.id;
    const admin = principal?.kind === 'user' && (await authorization.forRequest(req, principal.userId)).has('USERS_MANAGE');
    if (!self && !admin) throw new ApiError(403, 'auth.error.forbidden', 'This needs the right USERS_MANAGE');
    if (self) await checkCurrent(credentials, user.username, change.currentPassword); // a stolen session must not be enough
    const problem = passwordProblem(change.newPassword, user.username);
    if (problem) throw new ApiError(400, 'auth.error.password.weak', `The new password ${problem}`, { fieldErrors: { newPassword: problem } });
    await credentials.setPassword(user.id, change.newPassword);
    res.status(204).end();
  });
}

async function checkCurrent(credentials: CredentialService, username: string, current: string | undefined): Promise<void> {
  const outcome = current === undefined ? undefined : await credentials.authenticate(username, current);
  if (!outcome?.ok) {
    const locked = outcome && !outcome.ok && outcome.reason === 'locked';
    throw new ApiError(locked ? 423 : 400, locked ? 'auth.error.password.locked' : 'auth.error.password.currentWrong', locked ? 'The account is locked for a while after repeated failures' : 'The current password is wrong', { fieldErrors: { currentPassword: 'is wrong' } });
  }
}
