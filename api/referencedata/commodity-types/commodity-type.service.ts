/**
 * Commodity types (configuration guide, "Commodity Types"): a classification system and a code
 * within it identify each type (unique together, case-sensitive). Types form trees, one per
 * classification system: a parent is in the same system, and no type is its own ancestor. Types
 * are never deleted: orderables and trade item classifications refer to them.
 */
import type { EntityManager } from 'typeorm';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { catalogueErrors, fieldError, likePattern, lockHierarchy, rethrowUnique } from '../orderables/catalogue-support.js';
import { CommodityType } from './commodity-type.entity.js';
import type { CommodityTypeInput } from './commodity-type.schema.js';

export interface CommodityTypeFilter {
  ids?: string[];
  classificationSystem?: string;
  classificationId?: string;
  /** Part of the name, any case. */
  name?: string;
  parentId?: string;
}

const errors = catalogueErrors('commodityType');
const TREE_LOCK = 'commodity_type_tree';

export function commodityTypeService(db: Repositories): CommodityTypeService {
  return new CommodityTypeService(db);
}

export class CommodityTypeService {
  constructor(private readonly db: Repositories) {}

  async list(filter: CommodityTypeFilter, paging: PageRequest): Promise<Page<CommodityType>> {
    const query = this.db.getRepository(CommodityType).createQueryBuilder('c');
    if (filter.ids) query.andWhere('c.id IN (:...ids)', { ids: filter.ids });
    if (filter.classificationSystem !== undefined) query.andWhere('c.classificationSystem = :system', { system: filter.classificationSystem });
    if (filter.classificationId !== undefined) query.andWhere('c.classificationId = :code', { code: filter.classificationId });
    if (filter.name !== undefined) query.andWhere('c.name ILIKE :name', { name: likePattern(filter.name) });
    if (filter.parentId !== undefined) query.andWhere('c.parentId = :parentId', { parentId: filter.parentId });
    for (const { field, direction } of paging.sort) query.addOrderBy(`c.${field}`, direction);
    query.addOrderBy('c.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<CommodityType> {
    const found = await this.db.getRepository(CommodityType).findOneBy({ id });
    if (!found) throw this.notFound(id);
    return found;
  }

  /** The direct children of a type (404 when the type does not exist). */
  async children(id: string, paging: PageRequest): Promise<Page<CommodityType>> {
    await this.get(id);
    return this.list({ parentId: id }, paging);
  }

  /** The natural key an import matches rows on. */
  async findByClassification(classificationSystem: string, classificationId: string): Promise<CommodityType | undefined> {
    return (await this.db.getRepository(CommodityType).findOneBy({ classificationSystem, classificationId })) ?? undefined;
  }

  /** Creates, or updates the type with the input's classification whatever its version (CSV re-import). */
  async upsertByClassification(input: CommodityTypeInput): Promise<CommodityType> {
    const existing = await this.findByClassification(input.classificationSystem, input.classificationId);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  notFound(id: string) {
    return errors(404, 'notFound', `Commodity type ${id} does not exist`);
  }

  async create(input: CommodityTypeInput): Promise<CommodityType> {
    return this.db.transaction(async (manager) => {
      await checkParent(manager, input);
      const created = manager.create(CommodityType, fieldsOf(input));
      return manager.save(created).catch((error) => rethrowUnique(error, duplicated(input)));
    });
  }

  /** Updates when `expectedVersion` (If-Match) is absent or current; a stale one answers 409. */
  async update(id: string, input: CommodityTypeInput, expectedVersion?: number): Promise<CommodityType> {
    const updated = await this.db.transaction(async (manager) => {
      const current = await manager.findOneBy(CommodityType, { id });
      if (!current) throw this.notFound(id);
      await checkParent(manager, input, id);
      await checkChildrenStayInSystem(manager, id, input.classificationSystem);
      return manager
        .createQueryBuilder()
        .update(CommodityType)
        .set({ ...fieldsOf(input), version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute()
        .catch((error) => rethrowUnique(error, duplicated(input)));
    });
    if (updated.affected === 0) throw errors(409, 'versionConflict', `Commodity type ${id} was changed by someone else; reload it and try again`);
    return this.get(id);
  }
}

function fieldsOf(input: CommodityTypeInput): Partial<CommodityType> {
  return { name: input.name, classificationSystem: input.classificationSystem, classificationId: input.classificationId, parentId: input.parentId ?? null };
}

function duplicated(input: CommodityTypeInput) {
  return {
    commodity_types_classification_unique: () =>
      errors(409, 'classification.duplicated', `A commodity type with classification ${input.classificationSystem} ${input.classificationId} already exists`),
  };
}

/** The parent exists, is in the same classification system and, for an existing type, is not one of its descendants. */
async function checkParent(manager: EntityManager, input: CommodityTypeInput, selfId?: string): Promise<void> {
  if (!input.parentId) return;
  await lockHierarchy(manager, TREE_LOCK);
  const parent = await manager.findOneBy(CommodityType, { id: input.parentId });
  if (!parent) throw fieldError(errors, 'parentId', 'parent.notFound', `The parent commodity type ${input.parentId} does not exist`);
  if (parent.classificationSystem !== input.classificationSystem) {
    throw fieldError(errors, 'parentId', 'parent.classificationSystem', `The parent "${parent.name}" is classified in ${parent.classificationSystem}, not ${input.classificationSystem}: a type and its parent share one classification system`);
  }
  if (selfId && (await isAncestorOrSelf(manager, selfId, parent.id))) {
    throw fieldError(errors, 'parentId', 'parent.cycle', `"${parent.name}" cannot be the parent: it is this commodity type itself or one of its descendants, which would make a cycle`);
  }
}

/** Whether `ancestorId` is `id` itself or above it in the tree (UNION stops even on a corrupt cyclic tree). */
async function isAncestorOrSelf(manager: EntityManager, ancestorId: string, id: string): Promise<boolean> {
  const rows = await manager.query(
    `WITH RECURSIVE ancestors(id, parent_id) AS (
       SELECT id, parent_id FROM commodity_types WHERE id = $1
       UNION
       SELECT c.id, c.parent_id FROM commodity_types c JOIN ancestors a ON c.id = a.parent_id
     )
     SELECT 1 FROM ancestors WHERE id = $2 LIMIT 1`,
    [id, ancestorId],
  );
  return rows.length > 0;
}

/** Moving a type to another classification system would leave its children in the old one. */
async function checkChildrenStayInSystem(manager: EntityManager, id: string, classificationSystem: string): Promise<void> {
  await lockHierarchy(manager, TREE_LOCK);
  const rows = await manager.query('SELECT 1 FROM commodity_types WHERE parent_id = $1 AND classification_system <> $2 LIMIT 1', [id, classificationSystem]);
  if (rows.length > 0) {
    throw fieldError(errors, 'classificationSystem', 'classificationSystem.children', `This commodity type has children in another classification system than ${classificationSystem}; move them first`);
  }
}
