/**
 * orderables.csv: one row per product, with the guide's orderable columns that belong to the
 * product itself (code, name, net content, rounding, dispensing unit) and what it is: a trade
 * item (by GTIN, or manufacturer when the item has none) and/or a commodity type ("SYSTEM|CODE").
 * How programs order it and what a kit holds are their own files (orderable-settings.csv.ts), as
 * in OpenLMIS's reference data; this file keeps them as they are. The service writes a new
 * orderable version only when a row changes something.
 */
import { CommodityType } from '../../commodity-types/commodity-type.entity.js';
import { DispensingUnit } from '../../dispensing-units/dispensing-unit.entity.js';
import { ApiError } from '../../../http/errors.js';
import { orderableService } from '../../orderables/orderable.service.js';
import { validateOrderable, type OrderableInput, type ProgramOrderableInput } from '../../orderables/orderable.schema.js';
import type { OrderableView } from '../../orderables/orderable.view.js';
import type { Repositories } from '../../shared/context.js';
import { cell } from '../coded-csv-type.js';
import type { CsvType } from '../csv-type.js';
import { classificationCell, column, defined, everyPage, readClassification, TradeItemIndex, wholeNumber } from './catalogue-cells.js';

const ORDERABLE = {
  productCode: column('Product Code', 'productCode', { required: true, aliases: ['Code'] }),
  name: column('Product Name', 'fullProductName', { required: true, aliases: ['Full Product Name', 'Name'] }),
  description: column('Description', 'description'),
  netContent: column('Net Content', 'netContent', { required: true, aliases: ['Pack Size'] }),
  packRoundingThreshold: column('Pack Rounding Threshold', 'packRoundingThreshold', { required: true }),
  roundToZero: column('Round To Zero', 'roundToZero', { required: true }),
  dispensingUnit: column('Dispensing Unit', 'dispensable', { aliases: ['Dispensing Unit Code', 'Dosage Unit', 'Dosage Unit Code'] }),
  tradeItemGtin: column('Trade Item GTIN', 'identifiers.tradeItem', { aliases: ['GTIN'] }),
  tradeItemManufacturer: column('Trade Item Manufacturer', 'identifiers.tradeItem', { aliases: ['Manufacturer'] }),
  commodityType: column('Commodity Type', 'identifiers.commodityType'),
};

/** What rows name, by the codes files use. */
interface CatalogueCodes {
  dispensingUnits: Map<string, string>;
  /** Commodity type ids by "SYSTEM|CODE". */
  commodityTypes: Map<string, string>;
  tradeItems: TradeItemIndex;
}

async function loadCodes(db: Repositories): Promise<CatalogueCodes> {
  // One after another: inside an import they share the transaction's connection.
  const units = await db.getRepository(DispensingUnit).find();
  const types = await db.getRepository(CommodityType).find();
  const tradeItems = await TradeItemIndex.load(db);
  return { dispensingUnits: new Map(units.map((u) => [u.code, u.id])), commodityTypes: new Map(types.map((t) => [classificationCell(t), t.id])), tradeItems };
}

export const orderablesCsv: CsvType<OrderableInput, CatalogueCodes> = {
  type: 'orderables',
  title: 'Orderables (products)',
  store: 'typeorm',
  columns: Object.values(ORDERABLE),
  prepare: (scope) => loadCodes(scope.manager),
  toInput(row, codes) {
    const unitId = row.code(ORDERABLE.dispensingUnit, (code) => codes.dispensingUnits.get(code), 'dispensing unit');
    const tradeItem = codes.tradeItems.read(row, ORDERABLE.tradeItemGtin, ORDERABLE.tradeItemManufacturer);
    const commodityType = readClassification(row, ORDERABLE.commodityType);
    const commodityTypeId = commodityType && codes.commodityTypes.get(classificationCell(commodityType));
    if (commodityType && !commodityTypeId) row.fail(ORDERABLE.commodityType, `there is no commodity type ${classificationCell(commodityType)}`);
    const fields = {
      productCode: row.text(ORDERABLE.productCode),
      fullProductName: row.text(ORDERABLE.name),
      description: row.text(ORDERABLE.description),
      netContent: wholeNumber(row, ORDERABLE.netContent, 1),
      packRoundingThreshold: wholeNumber(row, ORDERABLE.packRoundingThreshold, 0),
      roundToZero: row.boolean(ORDERABLE.roundToZero),
      dispensable: unitId ? { dispensingUnitId: unitId } : undefined,
      identifiers: defined({ tradeItem: tradeItem?.id, commodityType: commodityTypeId }),
    };
    return row.errors.length > 0 ? undefined : validateOrderable(defined(fields));
  },
  key: (input) => input.productCode,
  async write(input, scope, codes) {
    const service = orderableService(scope.manager);
    const existing = await service.findByProductCode(input.productCode);
    // The row does not carry program settings, kit contents or extra data: the orderable keeps its own.
    const kept = existing ? { programs: existing.programs.map(programInput), children: existing.children, extraData: existing.extraData } : {};
    await service.upsertByProductCode({ ...input, ...kept }).catch((error) => rethrowAtTradeItem(error, input, codes));
    return existing ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const codes = await loadCodes(context.dataSource);
    const commodityTypes = new Map([...codes.commodityTypes].map(([text, id]) => [id, text]));
    const service = orderableService(context.dataSource);
    for await (const o of everyPage((paging) => service.list({}, paging), [{ field: 'productCode', direction: 'ASC' }])) {
      const [gtin, manufacturer] = codes.tradeItems.cells(o.identifiers.tradeItem);
      yield [o.productCode, o.fullProductName, o.description, o.netContent, o.packRoundingThreshold, o.roundToZero, o.dispensable?.dispensingUnit, gtin, manufacturer, commodityTypes.get(o.identifiers.commodityType ?? '')].map(cell);
    }
  },
};

/** An orderable's latest version as the service's input, to change one part of it and keep the rest. */
export function orderableInput(view: OrderableView): OrderableInput {
  return {
    productCode: view.productCode,
    fullProductName: view.fullProductName,
    description: view.description,
    netContent: view.netContent,
    packRoundingThreshold: view.packRoundingThreshold,
    roundToZero: view.roundToZero,
    dispensable: view.dispensable ? { dispensingUnitId: view.dispensable.dispensingUnitId } : null,
    identifiers: view.identifiers,
    programs: view.programs.map(programInput),
    children: view.children,
    extraData: view.extraData,
  };
}

function programInput({ orderableCategoryDisplayName: _name, orderableCategoryDisplayOrder: _order, ...entry }: OrderableView['programs'][number]): ProgramOrderableInput {
  return entry;
}

/** A trade item already ordered under another product code is the row's trade item's problem: say which item, in its column. */
function rethrowAtTradeItem(error: unknown, input: OrderableInput, codes: CatalogueCodes): never {
  if (!(error instanceof ApiError) || error.messageKey !== 'referenceData.error.orderable.tradeItem.duplicated') throw error;
  const [gtin, manufacturer] = codes.tradeItems.cells(input.identifiers.tradeItem);
  const message = `the trade item ${gtin ? `with GTIN ${gtin}` : `of "${manufacturer}"`} is already ordered under another product code; a trade item has one orderable`;
  throw new ApiError(error.status, error.messageKey, message, { fieldErrors: { 'identifiers.tradeItem': message } });
}
