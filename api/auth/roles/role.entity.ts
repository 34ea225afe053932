/** A role: a named set of rights of one type (configuration guide, "Setup Roles"). */
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { RightType } from '../rights/right-catalogue.js';

@Entity({ name: 'roles' })
export class Role {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique regardless of case. */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The type every right of the role has; it decides how the role is assigned. */
  @Column({ type: 'text' })
  type!: RightType;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

@Entity({ name: 'role_rights' })
export class RoleRight {
  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId!: string;

  @PrimaryColumn({ name: 'right_id', type: 'uuid' })
  rightId!: string;

  /** The role's and the right's type, repeated so the database can hold them equal. */
  @Column({ type: 'text' })
  type!: RightType;
}
