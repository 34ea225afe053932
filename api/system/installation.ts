/**
 * The installation: the one row that identifies this deployment. Its id is stable across restarts
 * and app instances, so logs, metrics and (later) OpenHIM mediator registrations can name it.
 */
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';

@Entity({ name: 'installation' })
export class Installation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export async function readInstallation(dataSource: DataSource): Promise<Installation> {
  const found = await dataSource.getRepository(Installation).find({ take: 1 });
  if (!found[0]) throw new Error('the installation row is missing: were the migrations run?');
  return found[0];
}
