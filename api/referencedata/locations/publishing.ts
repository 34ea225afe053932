/**
 * Keeps the FHIR publications of our classifications in step with their tables: the facility
 * type, geographic level and program CodeSystems, and one Organization per facility operator.
 * Each run republishes everything from the tables (unchanged resources get no new version), so it
 * is safe to run after any write, after an import commits, and at start to repair a missed one.
 */
import type { ClassificationPublisher } from '../../../fhir/index.js';
import { FacilityOperator } from '../facility-operators/facility-operator.entity.js';
import { FacilityType } from '../facility-types/facility-type.entity.js';
import { GeographicLevel } from '../geographic-levels/geographic-level.entity.js';
import { Program } from '../programs/program.entity.js';
import type { Repositories } from '../shared/context.js';

export async function publishClassifications(db: Repositories, publisher: ClassificationPublisher): Promise<void> {
  const [types, levels, programs, operators] = await Promise.all([
    db.getRepository(FacilityType).find({ order: { code: 'ASC' } }),
    db.getRepository(GeographicLevel).find({ order: { levelNumber: 'ASC' } }),
    db.getRepository(Program).find({ order: { code: 'ASC' } }),
    db.getRepository(FacilityOperator).find({ order: { code: 'ASC' } }),
  ]);
  const concept = (e: { code: string; name: string; description: string | null }, active = true) => ({ code: e.code, display: e.name, definition: e.description ?? undefined, active });
  await publisher.publishCodeSystem('facilityType', types.map((t) => concept(t, t.active)));
  await publisher.publishCodeSystem('geographicLevel', levels.map((l) => concept(l)));
  await publisher.publishCodeSystem('program', programs.map((p) => concept(p, p.active)));
  for (const operator of operators) {
    await publisher.publishOperator({ id: operator.id, code: operator.code, name: operator.name, description: operator.description ?? undefined });
  }
}
