/**
 * The reference data module (configuration guide, "Step 2: Set up OpenLMIS"): one folder per
 * entity with its entity, schema, service and routes; coded entities share their mechanics
 * (shared/). Mounted under /api.
 */
import express, { type Router } from 'express';
import type { ReferenceDataContext } from './shared/context.js';
import { publishClassifications } from './locations/publishing.js';
import { loadDemoIfEmpty } from './demo/demo-loader.js';
import type { Logger } from 'pino';
import { facilityOperatorRoutes } from './facility-operators/facility-operator.routes.js';
import { facilityTypeRoutes } from './facility-types/facility-type.routes.js';
import { geographicLevelRoutes } from './geographic-levels/geographic-level.routes.js';
import { processingPeriodRoutes } from './processing-periods/processing-period.routes.js';
import { processingScheduleRoutes } from './processing-schedules/processing-schedule.routes.js';
import { programRoutes } from './programs/program.routes.js';
import { geographicZoneRoutes } from './geographic-zones/geographic-zone.routes.js';
import { facilityRoutes } from './facilities/facility.routes.js';
import { csvRoutes } from './csv/csv.routes.js';
import { FacilityOperator } from './facility-operators/facility-operator.entity.js';
import { FacilityType } from './facility-types/facility-type.entity.js';
import { GeographicLevel } from './geographic-levels/geographic-level.entity.js';
import { ProcessingPeriod } from './processing-periods/processing-period.entity.js';
import { ProcessingSchedule } from './processing-schedules/processing-schedule.entity.js';
import { Program } from './programs/program.entity.js';
import { CreatePrograms1763800000000 } from './migrations/1763800000000-CreatePrograms.js';
import { CreateFacilityClassifications1763810000000 } from './migrations/1763810000000-CreateFacilityClassifications.js';
import { CreateProcessingSchedules1763820000000 } from './migrations/1763820000000-CreateProcessingSchedules.js';
import { CreateProductCatalogue1763830000000 } from './migrations/1763830000000-CreateProductCatalogue.js';
import { orderableDisplayCategoryRoutes } from './orderable-display-categories/orderable-display-category.routes.js';
import { OrderableDisplayCategory } from './orderable-display-categories/orderable-display-category.entity.js';
import { dispensingUnitRoutes } from './dispensing-units/dispensing-unit.routes.js';
import { DispensingUnit } from './dispensing-units/dispensing-unit.entity.js';
import { commodityTypeRoutes } from './commodity-types/commodity-type.routes.js';
import { CommodityType } from './commodity-types/commodity-type.entity.js';
import { tradeItemRoutes } from './trade-items/trade-item.routes.js';
import { TradeItem, TradeItemClassification } from './trade-items/trade-item.entity.js';
import { lotRoutes } from './lots/lot.routes.js';
import { Lot } from './lots/lot.entity.js';
import { orderableRoutes } from './orderables/orderable.routes.js';
import { Orderable, OrderableChild, OrderableProgram, OrderableVersion } from './orderables/orderable.entity.js';
import { CreateStockConfiguration1763850000000 } from './migrations/1763850000000-CreateStockConfiguration.js';
import { stockConfigurationEntities, stockConfigurationRoutes } from './stock-configuration/index.js';
import { supervisoryNodeRoutes } from './supervisory-nodes/supervisory-node.routes.js';
import { SupervisoryNode } from './supervisory-nodes/supervisory-node.entity.js';
import { requisitionGroupRoutes } from './requisition-groups/requisition-group.routes.js';
import { RequisitionGroup, RequisitionGroupMember, RequisitionGroupProgramSchedule } from './requisition-groups/requisition-group.entity.js';
import { supplyLineRoutes } from './supply-lines/supply-line.routes.js';
import { SupplyLine } from './supply-lines/supply-line.entity.js';
import { CreateSupervisionHierarchy1763840000000 } from './migrations/1763840000000-CreateSupervisionHierarchy.js';
import { approvedProductRoutes } from './facility-type-approved-products/facility-type-approved-product.routes.js';
import { FacilityTypeApprovedProduct, FacilityTypeApprovedProductVersion } from './facility-type-approved-products/facility-type-approved-product.entity.js';
import { idealStockAmountRoutes } from './ideal-stock-amounts/ideal-stock-amount.routes.js';
import { IdealStockAmount } from './ideal-stock-amounts/ideal-stock-amount.entity.js';
import { CreateApprovedProductsAndIsas1763860000000 } from './migrations/1763860000000-CreateApprovedProductsAndIsas.js';

export const referenceDataEntities = [Program, FacilityType, FacilityOperator, GeographicLevel, ProcessingSchedule, ProcessingPeriod, SupervisoryNode, RequisitionGroup, RequisitionGroupMember, RequisitionGroupProgramSchedule, SupplyLine, ...stockConfigurationEntities, OrderableDisplayCategory, DispensingUnit, CommodityType, TradeItem, TradeItemClassification, Lot, Orderable, OrderableVersion, OrderableProgram, OrderableChild, FacilityTypeApprovedProduct, FacilityTypeApprovedProductVersion, IdealStockAmount];
export const referenceDataMigrations = [CreatePrograms1763800000000, CreateFacilityClassifications1763810000000, CreateProcessingSchedules1763820000000, CreateProductCatalogue1763830000000, CreateSupervisionHierarchy1763840000000, CreateStockConfiguration1763850000000, CreateApprovedProductsAndIsas1763860000000];

export type { ReferenceDataContext } from './shared/context.js';

/**
 * Work at start, before requests arrive: load the demo country into an empty database (unless
 * switched off), and republish the FHIR CodeSystems and operator Organizations.
 */
export async function prepareReferenceData(context: ReferenceDataContext, options: { demo: boolean; logger?: Logger }): Promise<void> {
  if (options.demo) await loadDemoIfEmpty(context, options.logger);
  await publishClassifications(context.dataSource, context.fhir.publisher);
}

export function referenceDataRouter(context: ReferenceDataContext): Router {
  return express
    .Router()
    .use(programRoutes(context))
    .use(facilityTypeRoutes(context))
    .use(facilityOperatorRoutes(context))
    .use(geographicLevelRoutes(context))
    .use(processingScheduleRoutes(context))
    .use(processingPeriodRoutes(context))
    .use(orderableDisplayCategoryRoutes(context))
    .use(dispensingUnitRoutes(context))
    .use(commodityTypeRoutes(context))
    .use(tradeItemRoutes(context))
    .use(lotRoutes(context))
    .use(orderableRoutes(context))
    .use(approvedProductRoutes(context))
    .use(idealStockAmountRoutes(context))
    .use(geographicZoneRoutes(context))
    .use(facilityRoutes(context))
    .use(csvRoutes(context))
    .use(supervisoryNodeRoutes(context))
    .use(requisitionGroupRoutes(context))
    .use(supplyLineRoutes(context))
    .use(stockConfigurationRoutes(context));
}
