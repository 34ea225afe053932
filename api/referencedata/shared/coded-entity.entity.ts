/**
 * The columns every coded reference data entity has: a UUID, its unique code, a name, an optional
 * description and the version that optimistic locking checks. Entities extend this class (TypeORM
 * concrete-table inheritance: each keeps its own table) and add their own columns.
 */
import { Column, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export abstract class CodedEntityColumns {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** An update names the version it read (If-Match or the body's version); a stale one gets 409. */
  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** What a request body says about those columns. */
export interface CodedEntityInput {
  code: string;
  name: string;
  description?: string | null;
}
