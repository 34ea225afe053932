/**
 * The columns valid source and valid destination assignments share: for a program and a facility
 * type, a node facilities of that type may receive from (a source) or issue to (a destination).
 * Each kind keeps its own table (TypeORM concrete-table inheritance).
 */
import { Column, PrimaryGeneratedColumn } from 'typeorm';

export abstract class NodeAssignmentColumns {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'facility_type_id', type: 'uuid' })
  facilityTypeId!: string;

  @Column({ name: 'node_id', type: 'uuid' })
  nodeId!: string;

  /**
   * A geographic level: when set, the node (a facility) is offered only to facilities in the same
   * zone at that level, e.g. only the district store of the requesting facility's own district.
   */
  @Column({ name: 'geo_level_affinity_id', type: 'uuid', nullable: true })
  geoLevelAffinityId!: string | null;
}
