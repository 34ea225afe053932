/**
 * What the product catalogue's CSV files share: how a cell names a classification
 * ("UNSPSC|51101902") or several ("UNSPSC|51101902;GPC|10000456"), how a row names a trade item
 * (by GTIN, or by manufacturer when the item has none), and how a refusal of one entry of an
 * orderable's list (`programs.2.pricePerPack`) is pointed at the row's column.
 */
import { ApiError } from '../../../http/errors.js';
import type { Page, PageRequest } from '../../../http/paging.js';
import type { Repositories } from '../../shared/context.js';
import { gtin14, gtinProblem } from '../../trade-items/gtin.js';
import { TradeItem } from '../../trade-items/trade-item.entity.js';
import type { CsvColumn } from '../csv-type.js';
import type { RowReader } from '../row-reader.js';

export function column(header: string, field: string, options: { required?: boolean; aliases?: string[] } = {}): CsvColumn {
  return { header, field, required: options.required ?? false, aliases: options.aliases ?? [] };
}

/** Drops undefined members, so the ajv schema's defaults apply to blank cells. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A whole number of at least `minimum`, or undefined (with the error recorded). */
export function wholeNumber(row: RowReader, column: CsvColumn, minimum: number): number | undefined {
  const value = row.integer(column);
  if (value === undefined || value >= minimum) return value;
  return row.fail(column, `${value} is below the least allowed, ${minimum}`);
}

export interface Classification {
  classificationSystem: string;
  classificationId: string;
}

/** The cell text of a classification: system and code joined by a bar. */
export const classificationCell = (c: Classification) => `${c.classificationSystem}|${c.classificationId}`;

/** One "SYSTEM|CODE" cell. */
export function readClassification(row: RowReader, column: CsvColumn): Classification | undefined {
  const value = row.text(column);
  return value === undefined ? undefined : parseClassification(row, column, value);
}

/** "SYSTEM|CODE" pairs separated by semicolons; a blank cell is none. */
export function readClassifications(row: RowReader, column: CsvColumn): Classification[] | undefined {
  const value = row.text(column);
  if (value === undefined) return [];
  const parsed = value.split(';').filter((part) => part.trim() !== '').map((part) => parseClassification(row, column, part));
  return parsed.every((c) => c !== undefined) ? (parsed as Classification[]) : undefined;
}

function parseClassification(row: RowReader, column: CsvColumn, text: string): Classification | undefined {
  const match = /^([^|]+)\|([^|]+)$/.exec(text.trim());
  const [system, code] = [match?.[1].trim(), match?.[2].trim()];
  if (!system || !code) return row.fail(column, `"${text.trim()}" is not a classification written SYSTEM|CODE (e.g. UNSPSC|51101902)`);
  return { classificationSystem: system, classificationId: code };
}

/**
 * Every trade item, found the way a row names one: by GTIN (any length: a GTIN-12 and its padded
 * GTIN-14 are one item), or by manufacturer for the one item of theirs without a GTIN.
 */
export class TradeItemIndex {
  private readonly byId: Map<string, TradeItem>;
  private readonly byGtin = new Map<string, TradeItem>();
  private readonly withoutGtin = new Map<string, TradeItem[]>();

  private constructor(items: TradeItem[]) {
    this.byId = new Map(items.map((item) => [item.id, item]));
    for (const item of items) {
      if (item.gtin) this.byGtin.set(gtin14(item.gtin), item);
      else this.withoutGtin.set(item.manufacturerOfTradeItem, [...(this.withoutGtin.get(item.manufacturerOfTradeItem) ?? []), item]);
    }
  }

  static async load(db: Repositories): Promise<TradeItemIndex> {
    return new TradeItemIndex(await db.getRepository(TradeItem).find());
  }

  /**
   * The trade item a row names in its GTIN and manufacturer columns, or undefined when both are
   * blank or the row is wrong (then with the error recorded). When both are given they must agree.
   */
  read(row: RowReader, gtinColumn: CsvColumn, manufacturerColumn: CsvColumn): TradeItem | undefined {
    const gtin = row.text(gtinColumn);
    const manufacturer = row.text(manufacturerColumn);
    if (gtin !== undefined) {
      const problem = gtinProblem(gtin);
      if (problem) return row.fail(gtinColumn, problem);
      const item = this.byGtin.get(gtin14(gtin));
      if (!item) return row.fail(gtinColumn, `there is no trade item with GTIN ${gtin}`);
      if (manufacturer !== undefined && manufacturer !== item.manufacturerOfTradeItem) {
        return row.fail(manufacturerColumn, `GTIN ${gtin} is a trade item of "${item.manufacturerOfTradeItem}", not of "${manufacturer}"`);
      }
      return item;
    }
    if (manufacturer === undefined) return undefined;
    const items = this.withoutGtin.get(manufacturer) ?? [];
    if (items.length === 1) return items[0];
    const problem = items.length === 0 ? 'has no trade item without a GTIN' : 'has several trade items without a GTIN';
    return row.fail(manufacturerColumn, `"${manufacturer}" ${problem}; name the trade item by its GTIN`);
  }

  /** How a file names the item: [GTIN, manufacturer] (both blank for none). */
  cells(id: string | null | undefined): [string | null, string | null] {
    const item = id ? this.byId.get(id) : undefined;
    return item ? [item.gtin, item.manufacturerOfTradeItem] : [null, null];
  }

  /** A short name for messages and file keys: the GTIN-14, or the manufacturer. */
  label(item: TradeItem): string {
    return item.gtin ? `GTIN ${gtin14(item.gtin)}` : `"${item.manufacturerOfTradeItem}" (no GTIN)`;
  }
}

const EXPORT_PAGE_SIZE = 500;

/** Every entity a paged list returns, page by page (exports stream large catalogues). */
export async function* everyPage<T>(list: (paging: PageRequest) => Promise<Page<T>>, sort: PageRequest['sort']): AsyncIterable<T> {
  for (let page = 0; ; page++) {
    const { content, last } = await list({ page, size: EXPORT_PAGE_SIZE, sort });
    yield* content;
    if (last || content.length === 0) return;
  }
}

/**
 * Runs a write of one entry of an orderable's list (its `programs` or its kit `children`),
 * renaming the fields a refusal names from the whole list's (`programs.3.pricePerPack`) to the
 * entry's (`pricePerPack`), and the list itself to `listField`, so the import reports the refusal
 * in the column of the row that holds the entry.
 */
export async function writingEntry<T>(list: 'programs' | 'children', listField: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const fieldErrors = error instanceof ApiError ? (error.details as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors : undefined;
    if (!(error instanceof ApiError) || !fieldErrors) throw error;
    const entryField = (field: string) => (field === list ? listField : field.replace(new RegExp(`^${list}\\.\\d+\\.`), ''));
    const renamed = Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [entryField(field), message]));
    throw new ApiError(error.status, error.messageKey, error.message, { ...(error.details as object), fieldErrors: renamed });
  }
}
