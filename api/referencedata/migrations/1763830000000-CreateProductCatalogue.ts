import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The product catalogue (configuration guide, "Setup Orderables, TradeItems, CommodityTypes"):
 * display categories, dispensing units, commodity types, trade items, lots and versioned
 * orderables. Codes are unique and case-sensitive. Nothing here is deleted by the API, so the
 * foreign keys restrict: history keeps what it refers to.
 */
export class CreateProductCatalogue1763830000000 implements MigrationInterface {
  name = 'CreateProductCatalogue1763830000000';

  async up(db: QueryRunner): Promise<void> {
    // Trigram indexes serve the "part of the name, any case" filters (ILIKE '%...%').
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const table of ['orderable_display_categories', 'dispensing_units']) {
      await db.query(`
        CREATE TABLE ${table} (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          code text NOT NULL CONSTRAINT ${table}_code_unique UNIQUE CHECK (btrim(code) <> ''),
          name text NOT NULL CHECK (btrim(name) <> ''),
          description text,
          display_order integer NOT NULL CHECK (display_order >= 0),
          version integer NOT NULL DEFAULT 1
        )`);
    }
    await this.createCommodityTypesAndTradeItems(db);
    await this.createOrderables(db);
  }

  private async createCommodityTypesAndTradeItems(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commodity_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (btrim(name) <> ''),
        classification_system text NOT NULL CHECK (btrim(classification_system) <> ''),
        classification_id text NOT NULL CHECK (btrim(classification_id) <> ''),
        parent_id uuid REFERENCES commodity_types (id),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT commodity_types_classification_unique UNIQUE (classification_system, classification_id),
        CONSTRAINT commodity_types_not_own_parent CHECK (parent_id <> id)
      )`);
    await db.query('CREATE INDEX commodity_types_parent ON commodity_types (parent_id)');
    await db.query('CREATE INDEX commodity_types_classification_id ON commodity_types (classification_id)');
    await db.query('CREATE INDEX commodity_types_name ON commodity_types USING gin (name gin_trgm_ops)');

    await db.query(`
      CREATE TABLE trade_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        manufacturer_of_trade_item text NOT NULL CHECK (btrim(manufacturer_of_trade_item) <> ''),
        gtin text CHECK (gtin ~ '^([0-9]{8}|[0-9]{12,14})$'),
        version integer NOT NULL DEFAULT 1
      )`);
    // A GTIN-12 and its zero-padded GTIN-14 are the same number: compare the 14-digit form.
    await db.query(`CREATE UNIQUE INDEX trade_items_gtin_unique ON trade_items (lpad(gtin, 14, '0'))`);
    await db.query('CREATE INDEX trade_items_manufacturer ON trade_items USING gin (manufacturer_of_trade_item gin_trgm_ops)');
    await db.query(`
      CREATE TABLE trade_item_classifications (
        trade_item_id uuid NOT NULL REFERENCES trade_items (id),
        classification_system text NOT NULL CHECK (btrim(classification_system) <> ''),
        classification_id text NOT NULL CHECK (btrim(classification_id) <> ''),
        PRIMARY KEY (trade_item_id, classification_system)
      )`);
    await db.query('CREATE INDEX trade_item_classifications_class ON trade_item_classifications (classification_system, classification_id)');

    await db.query(`
      CREATE TABLE lots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_code text NOT NULL CHECK (btrim(lot_code) <> ''),
        trade_item_id uuid NOT NULL REFERENCES trade_items (id),
        expiration_date date,
        manufacture_date date,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT lots_lot_code_unique UNIQUE (trade_item_id, lot_code),
        CONSTRAINT lots_dates CHECK (manufacture_date <= expiration_date)
      )`);
    await db.query('CREATE INDEX lots_lot_code ON lots (lot_code)');
    await db.query('CREATE INDEX lots_expiration_date ON lots (expiration_date)');
  }

  private async createOrderables(db: QueryRunner): Promise<void> {
    // orderables points at its latest version; the pointer is checked at commit (the version
    // row is written after the orderable row in the same transaction).
    await db.query(`
      CREATE TABLE orderables (
        id uuid PRIMARY KEY,
        product_code text NOT NULL CONSTRAINT orderables_code_unique UNIQUE CHECK (btrim(product_code) <> ''),
        version_number integer NOT NULL CHECK (version_number >= 1),
        trade_item_id uuid CONSTRAINT orderables_trade_item_unique UNIQUE REFERENCES trade_items (id)
      )`);
    await db.query(`
      CREATE TABLE orderable_versions (
        orderable_id uuid NOT NULL REFERENCES orderables (id),
        version_number integer NOT NULL CHECK (version_number >= 1),
        product_code text NOT NULL CHECK (btrim(product_code) <> ''),
        full_product_name text NOT NULL CHECK (btrim(full_product_name) <> ''),
        description text,
        net_content integer NOT NULL CHECK (net_content > 0),
        pack_rounding_threshold integer NOT NULL CHECK (pack_rounding_threshold >= 0),
        round_to_zero boolean NOT NULL,
        dispensing_unit_id uuid REFERENCES dispensing_units (id),
        trade_item_id uuid REFERENCES trade_items (id),
        commodity_type_id uuid REFERENCES commodity_types (id),
        extra_data jsonb NOT NULL DEFAULT '{}',
        last_updated timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (orderable_id, version_number)
      )`);
    await db.query(`
      ALTER TABLE orderables ADD CONSTRAINT orderables_latest_version
        FOREIGN KEY (id, version_number) REFERENCES orderable_versions (orderable_id, version_number) DEFERRABLE INITIALLY DEFERRED`);
    await db.query('CREATE INDEX orderable_versions_name ON orderable_versions USING gin (full_product_name gin_trgm_ops)');
    await db.query('CREATE INDEX orderable_versions_commodity_type ON orderable_versions (commodity_type_id)');
    await db.query(`
      CREATE TABLE orderable_programs (
        orderable_id uuid NOT NULL,
        version_number integer NOT NULL,
        program_id uuid NOT NULL REFERENCES programs (id),
        orderable_display_category_id uuid NOT NULL REFERENCES orderable_display_categories (id),
        active boolean NOT NULL DEFAULT true,
        full_supply boolean NOT NULL,
        display_order integer NOT NULL CHECK (display_order >= 0),
        doses_per_patient integer CHECK (doses_per_patient > 0),
        price_per_pack numeric(19, 4) CHECK (price_per_pack >= 0),
        PRIMARY KEY (orderable_id, version_number, program_id),
        FOREIGN KEY (orderable_id, version_number) REFERENCES orderable_versions (orderable_id, version_number)
      )`);
    await db.query('CREATE INDEX orderable_programs_program ON orderable_programs (program_id)');
    await db.query(`
      CREATE TABLE orderable_children (
        orderable_id uuid NOT NULL,
        version_number integer NOT NULL,
        child_id uuid NOT NULL REFERENCES orderables (id),
        quantity integer NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (orderable_id, version_number, child_id),
        FOREIGN KEY (orderable_id, version_number) REFERENCES orderable_versions (orderable_id, version_number),
        CONSTRAINT orderable_children_not_self CHECK (child_id <> orderable_id)
      )`);
    await db.query('CREATE INDEX orderable_children_child ON orderable_children (child_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE orderable_children');
    await db.query('DROP TABLE orderable_programs');
    await db.query('ALTER TABLE orderables DROP CONSTRAINT orderables_latest_version');
    await db.query('DROP TABLE orderable_versions');
    await db.query('DROP TABLE orderables');
    await db.query('DROP TABLE lots');
    await db.query('DROP TABLE trade_item_classifications');
    await db.query('DROP TABLE trade_items');
    await db.query('DROP TABLE commodity_types');
    await db.query('DROP TABLE dispensing_units');
    await db.query('DROP TABLE orderable_display_categories');
  }
}
