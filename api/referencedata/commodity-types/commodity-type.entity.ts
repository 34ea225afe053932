/**
 * A commodity type: one class of commodities in a classification system (UNSPSC, GPC, ...), e.g.
 * Mefloquine, UNSPSC 51101902. Types form a tree within their system through `parentId`.
 */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'commodity_types' })
export class CommodityType {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'classification_system', type: 'text' })
  classificationSystem!: string;

  /** The type's code in its classification system; unique together with the system. */
  @Column({ name: 'classification_id', type: 'text' })
  classificationId!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
