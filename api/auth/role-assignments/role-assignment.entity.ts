/**
 * A user holds a role in a scope: a program (at the home facility, or at a supervisory node and
 * every node below it) for supervision roles, a warehouse for fulfillment roles, nothing for
 * administration and reporting roles.
 */
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RightType } from '../rights/right-catalogue.js';

@Entity({ name: 'role_assignments' })
export class RoleAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId!: string;

  @Column({ name: 'role_type', type: 'text' })
  roleType!: RightType;

  @Column({ name: 'program_id', type: 'uuid', nullable: true })
  programId!: string | null;

  /** Null for a supervision role at the user's home facility. */
  @Column({ name: 'supervisory_node_id', type: 'uuid', nullable: true })
  supervisoryNodeId!: string | null;

  /** A facility's Location id. */
  @Column({ name: 'warehouse_id', type: 'text', nullable: true })
  warehouseId!: string | null;
}
