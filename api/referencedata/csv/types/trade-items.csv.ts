/**
 * tradeItems.csv and lots.csv. A trade item is matched on its GTIN, or (without one) on its
 * manufacturer, as the trade item service's natural key; its classifications are one cell of
 * "SYSTEM|CODE" pairs ("UNSPSC|51101902;GPC|10000456"). A lot names its trade item by GTIN, or by
 * manufacturer for an item without a GTIN (exports write both; when both are given they must agree).
 * Rows that change nothing write nothing, so a re-import leaves versions as they were.
 */
import { gtin14, gtinProblem } from '../../trade-items/gtin.js';
import { tradeItemService, type TradeItemView } from '../../trade-items/trade-item.service.js';
import { validateTradeItem, type TradeItemInput } from '../../trade-items/trade-item.schema.js';
import type { Lot } from '../../lots/lot.entity.js';
import { lotService } from '../../lots/lot.service.js';
import { validateLot, type LotInput } from '../../lots/lot.schema.js';
import { cell } from '../coded-csv-type.js';
import type { CsvType } from '../csv-type.js';
import { classificationCell, column, defined, everyPage, readClassifications, TradeItemIndex } from './catalogue-cells.js';

const TRADE_ITEM = {
  manufacturer: column('Manufacturer', 'manufacturerOfTradeItem', { required: true, aliases: ['Manufacturer Of Trade Item'] }),
  gtin: column('GTIN', 'gtin'),
  classifications: column('Classifications', 'classifications'),
};

export const tradeItemsCsv: CsvType<TradeItemInput, undefined> = {
  type: 'tradeItems',
  title: 'Trade items',
  store: 'typeorm',
  columns: Object.values(TRADE_ITEM),
  prepare: async () => undefined,
  toInput(row) {
    const gtin = row.text(TRADE_ITEM.gtin);
    const problem = gtin === undefined ? undefined : gtinProblem(gtin);
    if (problem) row.fail(TRADE_ITEM.gtin, problem);
    const fields = { manufacturerOfTradeItem: row.text(TRADE_ITEM.manufacturer), gtin, classifications: readClassifications(row, TRADE_ITEM.classifications) };
    return row.errors.length > 0 ? undefined : validateTradeItem(defined(fields));
  },
  key: (input) => (input.gtin ? `GTIN ${gtin14(input.gtin)}` : `"${input.manufacturerOfTradeItem}" without a GTIN`),
  async write(input, scope) {
    const service = tradeItemService(scope.manager);
    const existing = await service.findByNaturalKey(input);
    if (!existing) await service.create(input);
    else if (!sameTradeItem(existing, input)) await service.update(existing.id, input);
    return existing ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const service = tradeItemService(context.dataSource);
    const sort = [{ field: 'manufacturerOfTradeItem', direction: 'ASC' as const }, { field: 'gtin', direction: 'ASC' as const }];
    for await (const item of everyPage((paging) => service.list({}, paging), sort)) {
      yield [item.manufacturerOfTradeItem, item.gtin, item.classifications.map(classificationCell).join(';')].map(cell);
    }
  },
};

function sameTradeItem(existing: TradeItemView, input: TradeItemInput): boolean {
  const classifications = (list: TradeItemInput['classifications']) => list.map(classificationCell).sort().join(';');
  return (
    existing.manufacturerOfTradeItem === input.manufacturerOfTradeItem &&
    existing.gtin === (input.gtin ?? null) &&
    classifications(existing.classifications) === classifications(input.classifications ?? [])
  );
}

const LOT = {
  lotCode: column('Lot Code', 'lotCode', { required: true }),
  gtin: column('Trade Item GTIN', 'tradeItemId', { aliases: ['GTIN'] }),
  manufacturer: column('Trade Item Manufacturer', 'tradeItemId', { aliases: ['Manufacturer'] }),
  expirationDate: column('Expiration Date', 'expirationDate', { aliases: ['Expiry Date'] }),
  manufactureDate: column('Manufacture Date', 'manufactureDate'),
  active: column('Active', 'active'),
};

interface LotRow {
  lot: LotInput;
  /** The trade item as a file names it, for the duplicate check's message. */
  tradeItem: string;
}

export const lotsCsv: CsvType<LotRow, TradeItemIndex> = {
  type: 'lots',
  title: 'Lots',
  store: 'typeorm',
  columns: Object.values(LOT),
  prepare: (scope) => TradeItemIndex.load(scope.manager),
  toInput(row, tradeItems) {
    const item = tradeItems.read(row, LOT.gtin, LOT.manufacturer);
    if (!item && row.errors.length === 0) row.fail(LOT.gtin, 'a lot needs its trade item: its GTIN, or its manufacturer when it has no GTIN');
    const fields = {
      lotCode: row.text(LOT.lotCode),
      tradeItemId: item?.id,
      expirationDate: row.date(LOT.expirationDate),
      manufactureDate: row.date(LOT.manufactureDate),
      active: row.boolean(LOT.active),
    };
    return row.errors.length > 0 || !item ? undefined : { lot: validateLot(defined(fields)), tradeItem: tradeItems.label(item) };
  },
  key: ({ lot, tradeItem }) => `lot ${lot.lotCode} of ${tradeItem}`,
  async write({ lot }, scope) {
    const service = lotService(scope.manager);
    const existing = await service.findByLotCode(lot.tradeItemId, lot.lotCode);
    if (!existing) await service.create(lot);
    else if (!sameLot(existing, lot)) await service.update(existing.id, lot);
    return existing ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const tradeItems = await TradeItemIndex.load(context.dataSource);
    const service = lotService(context.dataSource);
    const sort = [{ field: 'lotCode', direction: 'ASC' as const }];
    for await (const lot of everyPage((paging) => service.list({}, paging), sort)) {
      yield [lot.lotCode, ...tradeItems.cells(lot.tradeItemId), lot.expirationDate, lot.manufactureDate, lot.active].map(cell);
    }
  },
};

function sameLot(existing: Lot, input: LotInput): boolean {
  return existing.expirationDate === (input.expirationDate ?? null) && existing.manufactureDate === (input.manufactureDate ?? null) && existing.active === input.active;
}
