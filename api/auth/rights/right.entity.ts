/** A right as stored: the catalogue (right-catalogue.ts) seeded into a table roles refer to. */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RightName, RightType } from './right-catalogue.js';

@Entity({ name: 'rights' })
export class Right {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: RightName;

  @Column({ type: 'text' })
  type!: RightType;

  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
