/** A level of the geographic hierarchy (1 Country, 2 Region, 3 District): each zone has one. */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'geographic_levels' })
export class GeographicLevel extends CodedEntityColumns {
  @Column({ name: 'level_number', type: 'integer' })
  levelNumber!: number;
}
