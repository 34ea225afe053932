/**
 * users.csv: one user per row (configuration guide, "Setup Users"), created or updated by username
 * (regardless of case) through the same service and rules as /api/users. A row that changes
 * nothing is left alone, so re-importing a file keeps versions. Passwords are never in this file.
 */
import { cell } from '../../referencedata/csv/coded-csv-type.js';
import type { CsvColumn, CsvType } from '../../referencedata/csv/csv-type.js';
import { defined, FacilityCodes, FacilityIds, unchanged } from '../../referencedata/csv/types/lookups.js';
import { User } from '../users/user.entity.js';
import { validateUser, type UserInput } from '../users/user.schema.js';
import { UserService } from '../users/user.service.js';

const COLUMNS = {
  username: { header: 'Username', field: 'username', required: true },
  firstName: { header: 'First Name', field: 'firstName', required: true, aliases: ['firstName'] },
  lastName: { header: 'Last Name', field: 'lastName', required: true, aliases: ['lastName'] },
  email: { header: 'Email', field: 'email', aliases: ['Email Address'] },
  emailVerified: { header: 'Email Verified', field: 'emailVerified', aliases: ['emailVerified'] },
  phoneNumber: { header: 'Phone Number', field: 'phoneNumber', aliases: ['phoneNumber'] },
  jobTitle: { header: 'Job Title', field: 'jobTitle', aliases: ['jobTitle'] },
  homeFacility: { header: 'Home Facility', field: 'homeFacilityId', aliases: ['Home Facility Code', 'homeFacilityCode'] },
  active: { header: 'Active', field: 'active' },
  loginRestricted: { header: 'Login Restricted', field: 'loginRestricted', aliases: ['loginRestricted'] },
} satisfies Record<string, CsvColumn>;

type UserRow = Omit<UserInput, 'homeFacilityId'> & { homeFacilityCode?: string };

const FIELDS: Array<keyof UserInput & string> = ['username', 'firstName', 'lastName', 'email', 'emailVerified', 'phoneNumber', 'jobTitle', 'active', 'loginRestricted', 'homeFacilityId'];

export const usersCsv: CsvType<UserRow, FacilityCodes> = {
  type: 'users',
  title: 'Users',
  store: 'typeorm',
  columns: Object.values(COLUMNS),
  prepare: async (scope) => new FacilityCodes(scope.context),
  toInput(row) {
    const fields = defined({
      username: row.text(COLUMNS.username),
      firstName: row.text(COLUMNS.firstName),
      lastName: row.text(COLUMNS.lastName),
      email: row.text(COLUMNS.email),
      emailVerified: row.boolean(COLUMNS.emailVerified),
      phoneNumber: row.text(COLUMNS.phoneNumber),
      jobTitle: row.text(COLUMNS.jobTitle),
      active: row.boolean(COLUMNS.active),
      loginRestricted: row.boolean(COLUMNS.loginRestricted),
    });
    if (row.errors.length > 0) return undefined;
    return { ...validateUser(fields), homeFacilityCode: row.text(COLUMNS.homeFacility) };
  },
  key: (row) => row.username.toLowerCase(),
  async write({ homeFacilityCode, ...row }, scope, facilities) {
    const homeFacilityId = homeFacilityCode ? await facilities.idOf(homeFacilityCode, 'user', COLUMNS.homeFacility.field) : null;
    const input: UserInput = { ...row, homeFacilityId };
    const service = new UserService(scope.manager, scope.context.directory);
    const existing = await service.findByUsername(input.username);
    if (!existing) {
      await service.create(input);
      return 'created';
    }
    if (!unchanged(existing, input, FIELDS)) await service.update(existing.id, input);
    return 'updated';
  },
  async *exportRows(context) {
    const facilities = new FacilityIds(context);
    for (const user of await context.dataSource.getRepository(User).find({ order: { username: 'ASC' } })) {
      const cells = [user.username, user.firstName, user.lastName, user.email, user.emailVerified, user.phoneNumber, user.jobTitle, await facilities.codeOf(user.homeFacilityId), user.active, user.loginRestricted];
      yield cells.map(cell);
    }
  },
};
