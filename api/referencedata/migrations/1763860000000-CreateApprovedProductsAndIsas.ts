import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facility type approved products and ideal stock amounts (configuration guide, "Setup Facility
 * Type Approved Products" and "Setup Ideal Stock Amounts").
 *
 * Approved products are versioned as in OpenLMIS, the way orderables are: one row per approved
 * product (its facility type, orderable and program, which never change, and its latest version)
 * and one immutable row per version. Only one approved product per facility type, orderable and
 * program may be active.
 *
 * Ideal stock amounts name a facility (an mCSD Location: a FHIR id without a foreign key, checked
 * through the facility directory), a commodity type and a period. Removing a period (only the last
 * one of a schedule can be) removes its amounts: they have no meaning without it.
 */
export class CreateApprovedProductsAndIsas1763860000000 implements MigrationInterface {
  name = 'CreateApprovedProductsAndIsas1763860000000';

  async up(db: QueryRunner): Promise<void> {
    await this.createApprovedProducts(db);
    await db.query(`
      CREATE TABLE ideal_stock_amounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        facility_id text NOT NULL CHECK (btrim(facility_id) <> ''),
        commodity_type_id uuid NOT NULL REFERENCES commodity_types (id),
        processing_period_id uuid NOT NULL REFERENCES processing_periods (id) ON DELETE CASCADE,
        amount integer NOT NULL CHECK (amount >= 0),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ideal_stock_amounts_natural_key_unique UNIQUE (facility_id, commodity_type_id, processing_period_id)
      )`);
    await db.query('CREATE INDEX ideal_stock_amounts_commodity_type ON ideal_stock_amounts (commodity_type_id)');
    await db.query('CREATE INDEX ideal_stock_amounts_period ON ideal_stock_amounts (processing_period_id)');
  }

  private async createApprovedProducts(db: QueryRunner): Promise<void> {
    // `active` mirrors the latest version's, so the partial unique index can see it.
    await db.query(`
      CREATE TABLE facility_type_approved_products (
        id uuid PRIMARY KEY,
        facility_type_id uuid NOT NULL REFERENCES facility_types (id),
        orderable_id uuid NOT NULL REFERENCES orderables (id),
        program_id uuid NOT NULL REFERENCES programs (id),
        version_number integer NOT NULL CHECK (version_number >= 1),
        active boolean NOT NULL
      )`);
    await db.query(`
      CREATE UNIQUE INDEX facility_type_approved_products_active_unique
        ON facility_type_approved_products (facility_type_id, orderable_id, program_id) WHERE active`);
    await db.query('CREATE INDEX facility_type_approved_products_orderable ON facility_type_approved_products (orderable_id)');
    await db.query('CREATE INDEX facility_type_approved_products_program ON facility_type_approved_products (program_id)');
    await db.query(`
      CREATE TABLE facility_type_approved_product_versions (
        approved_product_id uuid NOT NULL REFERENCES facility_type_approved_products (id),
        version_number integer NOT NULL CHECK (version_number >= 1),
        max_periods_of_stock double precision NOT NULL CHECK (max_periods_of_stock > 0),
        min_periods_of_stock double precision CHECK (min_periods_of_stock >= 0 AND min_periods_of_stock <= max_periods_of_stock),
        emergency_order_point double precision CHECK (emergency_order_point >= 0),
        active boolean NOT NULL,
        last_updated timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (approved_product_id, version_number)
      )`);
    // The pointer to the latest version is checked at commit: the version row is written second.
    await db.query(`
      ALTER TABLE facility_type_approved_products ADD CONSTRAINT facility_type_approved_products_latest_version
        FOREIGN KEY (id, version_number) REFERENCES facility_type_approved_product_versions (approved_product_id, version_number)
        DEFERRABLE INITIALLY DEFERRED`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ideal_stock_amounts');
    await db.query('ALTER TABLE facility_type_approved_products DROP CONSTRAINT facility_type_approved_products_latest_version');
    await db.query('DROP TABLE facility_type_approved_product_versions');
    await db.query('DROP TABLE facility_type_approved_products');
  }
}
