/**
 * Users (configuration guide, "Setup Users"): usernames and emails unique regardless of case
 * (409), a home facility that is a facility Location (400 otherwise), optimistic locking on
 * `version` (409 when stale). Users are deactivated, never deleted: their history keeps its author.
 * Nothing here knows about passwords; the identity provider keeps credentials apart.
 */
import type { EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { User } from './user.entity.js';
import type { UserInput } from './user.schema.js';
import { escapeLike } from '../../db/like.js';

export interface UserFilter {
  /** Part of the username, any case. */
  username?: string;
  /** Part of the first name, the last name or both ("John Mab"), any case. */
  name?: string;
  /** Part of the email, any case. */
  email?: string;
  homeFacilityId?: string;
  active?: boolean;
}

const error = (status: number, problem: string, message: string, details?: unknown) => new ApiError(status, `auth.error.user.${problem}`, message, details);
const UNIQUE_VIOLATION = '23505';
const DUPLICATES: Record<string, { problem: string; field: keyof UserInput }> = {
  users_username_unique: { problem: 'usernameDuplicated', field: 'username' },
  users_email_unique: { problem: 'emailDuplicated', field: 'email' },
};

export class UserService {
  constructor(
    private readonly manager: EntityManager,
    private readonly directory: FacilityDirectory,
  ) {}

  async list(filter: UserFilter, paging: PageRequest): Promise<Page<User>> {
    const query = this.manager.getRepository(User).createQueryBuilder('u');
    const contains = (column: string, key: string, value: string | undefined) => {
      if (value !== undefined) query.andWhere(`${column} ILIKE '%' || :${key} || '%'`, { [key]: escapeLike(value) });
    };
    contains('u.username', 'username', filter.username);
    contains('u.email', 'email', filter.email);
    contains(`concat_ws(' ', u.first_name, u.last_name)`, 'name', filter.name);
    if (filter.homeFacilityId !== undefined) query.andWhere('u.homeFacilityId = :homeFacilityId', { homeFacilityId: filter.homeFacilityId });
    if (filter.active !== undefined) query.andWhere('u.active = :active', { active: filter.active });
    for (const { field, direction } of paging.sort) query.addOrderBy(`u.${field}`, direction);
    query.addOrderBy('u.id').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<User> {
    const user = await this.manager.getRepository(User).findOneBy({ id });
    if (!user) throw this.notFound(id);
    return user;
  }

  /** The user with this username, compared regardless of case (as logins compare it). */
  async findByUsername(username: string): Promise<User | undefined> {
    const found = await this.manager.getRepository(User).createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
    return found ?? undefined;
  }

  notFound(id: string): ApiError {
    return error(404, 'notFound', `User ${id} does not exist`);
  }

  async create(input: UserInput): Promise<User> {
    await this.checkHomeFacility(input);
    const repository = this.manager.getRepository(User);
    return this.saving(input, () => repository.save(repository.create(fields(input))));
  }

  /** Replaces the user's details; a stale `expectedVersion` answers 409. */
  async update(id: string, input: UserInput, expectedVersion?: number): Promise<User> {
    await this.checkHomeFacility(input);
    const current = await this.get(id);
    return this.writeVersioned(id, expectedVersion ?? current.version, input, fields(input));
  }

  /** OpenLMIS has no user deletion: an administrator deactivates, and the user keeps no rights. */
  async deactivate(id: string): Promise<User> {
    const current = await this.get(id);
    if (!current.active) return current;
    return this.writeVersioned(id, current.version, undefined, { active: false });
  }

  private async writeVersioned(id: string, version: number, input: UserInput | undefined, changes: Partial<User>): Promise<User> {
    const result = await this.saving(input, () =>
      this.manager
        .getRepository(User)
        .createQueryBuilder()
        .update()
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version })
        .execute(),
    );
    if (result.affected === 0) throw error(409, 'versionConflict', `User ${id} was changed by someone else; reload it and try again`);
    return this.get(id);
  }

  private async checkHomeFacility(input: UserInput): Promise<void> {
    if (!input.homeFacilityId) return;
    const location = await this.directory.get(input.homeFacilityId);
    if (location?.kind === 'facility') return;
    const problem = location ? `is a ${location.kind}, not a facility` : 'does not exist';
    throw error(400, 'homeFacilityUnknown', `Home facility ${input.homeFacilityId} ${problem}`, { fieldErrors: { homeFacilityId: problem } });
  }

  private async saving<T>(input: UserInput | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (failure) {
      const driverError = (failure as { driverError?: { code?: string; constraint?: string } }).driverError;
      const duplicate = driverError?.code === UNIQUE_VIOLATION ? DUPLICATES[driverError.constraint ?? ''] : undefined;
      if (!duplicate) throw failure;
      const value = input?.[duplicate.field];
      throw error(409, duplicate.problem, `Another user already has the ${duplicate.field} "${value}" (compared regardless of case)`, { fieldErrors: { [duplicate.field]: 'is taken' } });
    }
  }
}

function fields(input: UserInput): Partial<User> {
  return {
    username: input.username,
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    email: input.email?.trim() || null,
    emailVerified: input.emailVerified,
    phoneNumber: input.phoneNumber?.trim() || null,
    jobTitle: input.jobTitle?.trim() || null,
    active: input.active,
    loginRestricted: input.loginRestricted,
    homeFacilityId: input.homeFacilityId ?? null,
  };
}
