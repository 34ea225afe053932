/**
 * A CSV type for a coded entity kept in our tables (programs, facility types, ...): rows become
 * the service's input and are upserted by code through the same service the REST API uses.
 */
import type { EntityManager } from 'typeorm';
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import type { CodedEntity, CodedEntityService } from '../shared/coded-entity.service.js';
import type { Validator } from '../../http/validation.js';
import type { CsvColumn, CsvType } from './csv-type.js';
import type { RowReader } from './row-reader.js';

export interface CodedCsvDefinition<E extends CodedEntity, I extends CodedEntityInput, C> {
  type: string;
  title: string;
  columns: CsvColumn[];
  service(db: EntityManager): CodedEntityService<E, I>;
  /** The same ajv validator as the REST body: defaults applied, types checked. */
  validate: Validator<I>;
  prepare?(manager: EntityManager): Promise<C>;
  toInput(row: RowReader, cache: C): Partial<I> | undefined;
  toCells(entity: E): Array<string | number | boolean | null | undefined>;
  /** Export order. */
  orderBy?: string;
}

export function codedCsvType<E extends CodedEntity, I extends CodedEntityInput, C = undefined>(definition: CodedCsvDefinition<E, I, C>): CsvType<I, C> {
  return {
    type: definition.type,
    title: definition.title,
    store: 'typeorm',
    columns: definition.columns,
    prepare: async (scope) => (definition.prepare ? definition.prepare(scope.manager) : (undefined as C)),
    toInput(row, cache) {
      const fields = definition.toInput(row, cache);
      if (!fields || row.errors.length > 0) return undefined;
      // Blank optional cells are absent, so the schema's defaults apply as they do over REST.
      return definition.validate(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
    },
    key: (input) => input.code,
    async write(input, scope) {
      const service = definition.service(scope.manager);
      const existed = (await service.findByCode(input.code)) !== undefined;
      await service.upsertByCode(input);
      return existed ? 'updated' : 'created';
    },
    async *exportRows(context) {
      const rows = await context.dataSource.manager.getRepository<E>(definition.service(context.dataSource.manager).target).find({ order: { [definition.orderBy ?? 'code']: 'ASC' } as never });
      for (const row of rows) yield definition.toCells(row).map(cell);
    },
  };
}

/** A cell as CSV text: booleans as TRUE/FALSE like the guide's tables, absent values blank. */
export function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}
