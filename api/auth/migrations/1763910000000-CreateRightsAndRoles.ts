import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RIGHTS } from '../rights/right-catalogue.js';
import { DEFAULT_ROLES } from '../roles/default-roles.js';

/**
 * Rights, roles and the rights of each role (configuration guide, "Understanding Users, Roles,
 * and Rights"). A role holds rights of one type only: role_rights carries the type and refers to
 * both (right, type) and (role, type), so the database itself refuses a mixed role. Seeds the
 * right catalogue and the default roles as they are today; later additions come in new migrations.
 */
export class CreateRightsAndRoles1763910000000 implements MigrationInterface {
  name = 'CreateRightsAndRoles1763910000000';

  async up(db: QueryRunner): Promise<void> {
    const types = `CHECK (type IN ('SUPERVISION', 'ORDER_FULFILLMENT', 'GENERAL_ADMIN', 'REPORTS'))`;
    await db.query(`
      CREATE TABLE rights (
        id uuid PRIMARY KEY,
        name text NOT NULL CONSTRAINT rights_name_unique UNIQUE,
        type text NOT NULL ${types},
        description text,
        CONSTRAINT rights_id_type UNIQUE (id, type)
      )`);
    await db.query(`
      CREATE TABLE roles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        type text NOT NULL ${types},
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT roles_id_type UNIQUE (id, type)
      )`);
    await db.query('CREATE UNIQUE INDEX roles_name_unique ON roles (lower(name))');
    await db.query(`
      CREATE TABLE role_rights (
        role_id uuid NOT NULL,
        right_id uuid NOT NULL,
        type text NOT NULL,
        PRIMARY KEY (role_id, right_id),
        CONSTRAINT role_rights_role_fk FOREIGN KEY (role_id, type) REFERENCES roles (id, type) ON DELETE CASCADE,
        CONSTRAINT role_rights_right_fk FOREIGN KEY (right_id, type) REFERENCES rights (id, type)
      )`);
    await db.query('CREATE INDEX role_rights_right ON role_rights (right_id)');

    await db.query(
      `INSERT INTO rights (id, name, type, description)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [RIGHTS.map((r) => r.id), RIGHTS.map((r) => r.name), RIGHTS.map((r) => r.type), RIGHTS.map((r) => r.description)],
    );
    for (const role of DEFAULT_ROLES) {
      await db.query('INSERT INTO roles (id, name, description, type) VALUES ($1, $2, $3, $4)', [role.id, role.name, role.description, role.type]);
      await db.query(
        `INSERT INTO role_rights (role_id, right_id, type) SELECT $1, id, type FROM rights WHERE name = ANY($2::text[])`,
        [role.id, role.rights],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE role_rights');
    await db.query('DROP TABLE roles');
    await db.query('DROP TABLE rights');
  }
}
