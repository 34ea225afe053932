import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock management configuration (configuration guide, "Setup Stock Management"): reasons and
 * their valid assignments, organizations, nodes, and valid source and destination assignments.
 * Facilities are mCSD Locations, so a node's facility_id has no foreign key; the services check
 * it through the facility directory.
 *
 * The reasons OpenLMIS creates in its own migrations are seeded with OpenLMIS's ids, because the
 * requisition (Consumed, Receipts, beginning balance excess and insufficiency) and fulfillment
 * (Transfer In) workflows refer to them by id, and kits use the two kit reasons.
 */
export class CreateStockConfiguration1763850000000 implements MigrationInterface {
  name = 'CreateStockConfiguration1763850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stock_card_line_item_reasons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT stock_card_line_item_reasons_name_unique UNIQUE,
        description text,
        reason_category text NOT NULL CHECK (reason_category IN ('TRANSFER', 'ADJUSTMENT', 'PHYSICAL_INVENTORY', 'AGGREGATION')),
        reason_type text NOT NULL CHECK (reason_type IN ('CREDIT', 'DEBIT', 'BALANCE_ADJUSTMENT')),
        is_free_text_allowed boolean NOT NULL DEFAULT false,
        tags text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT stock_card_line_item_reasons_name_not_blank CHECK (btrim(name) <> ''),
        CONSTRAINT stock_card_line_item_reasons_balance_adjustment CHECK (reason_type <> 'BALANCE_ADJUSTMENT' OR reason_category = 'PHYSICAL_INVENTORY')
      )`);
    await db.query('CREATE INDEX stock_card_line_item_reasons_tags ON stock_card_line_item_reasons USING gin (tags)');
    await db.query(`
      CREATE TABLE valid_reason_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES programs (id),
        facility_type_id uuid NOT NULL REFERENCES facility_types (id),
        reason_id uuid NOT NULL REFERENCES stock_card_line_item_reasons (id),
        hidden boolean NOT NULL DEFAULT false,
        CONSTRAINT valid_reason_assignments_unique UNIQUE (program_id, facility_type_id, reason_id)
      )`);
    await db.query('CREATE INDEX valid_reason_assignments_facility_type ON valid_reason_assignments (facility_type_id)');
    await db.query('CREATE INDEX valid_reason_assignments_reason ON valid_reason_assignments (reason_id)');
    await db.query(`
      CREATE TABLE stock_organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT stock_organizations_code_unique UNIQUE,
        name text NOT NULL CONSTRAINT stock_organizations_name_unique UNIQUE,
        description text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT stock_organizations_code_not_blank CHECK (btrim(code) <> ''),
        CONSTRAINT stock_organizations_name_not_blank CHECK (btrim(name) <> '')
      )`);
    await db.query(`
      CREATE TABLE stock_nodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        facility_id text CONSTRAINT stock_nodes_facility_unique UNIQUE,
        organization_id uuid CONSTRAINT stock_nodes_organization_unique UNIQUE REFERENCES stock_organizations (id),
        CONSTRAINT stock_nodes_one_reference CHECK (num_nonnulls(facility_id, organization_id) = 1)
      )`);
    for (const kind of ['source', 'destination']) await createNodeAssignments(db, `valid_${kind}_assignments`);
    await seedReasons(db);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE valid_destination_assignments');
    await db.query('DROP TABLE valid_source_assignments');
    await db.query('DROP TABLE stock_nodes');
    await db.query('DROP TABLE stock_organizations');
    await db.query('DROP TABLE valid_reason_assignments');
    await db.query('DROP TABLE stock_card_line_item_reasons');
  }
}

async function createNodeAssignments(db: QueryRunner, table: string): Promise<void> {
  await db.query(`
    CREATE TABLE ${table} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      program_id uuid NOT NULL REFERENCES programs (id),
      facility_type_id uuid NOT NULL REFERENCES facility_types (id),
      node_id uuid NOT NULL REFERENCES stock_nodes (id),
      geo_level_affinity_id uuid REFERENCES geographic_levels (id),
      CONSTRAINT ${table}_unique UNIQUE (program_id, facility_type_id, node_id)
    )`);
  // The unique index serves the (program, facility type) filter; these serve the other lookups.
  await db.query(`CREATE INDEX ${table}_facility_type ON ${table} (facility_type_id)`);
  await db.query(`CREATE INDEX ${table}_node ON ${table} (node_id)`);
}

const SYSTEM_REASONS: Array<[id: string, name: string, category: string, type: string, tags: string[], description: string]> = [
  ['b5c27da7-bdda-4790-925a-9484c5dfb594', 'Consumed', 'ADJUSTMENT', 'DEBIT', ['consumed'], 'Dispensed to patients; a requisition reports it as consumed quantity'],
  ['313f2f5f-0c22-4626-8c49-3554ef763de3', 'Receipts', 'ADJUSTMENT', 'CREDIT', ['received'], 'Received stock a requisition reports as received quantity'],
  ['84eb13c3-3e54-4687-8a5f-a9f20dcd0dac', 'Beginning Balance Excess', 'ADJUSTMENT', 'CREDIT', [], 'A requisition beginning balance above the stock card'],
  ['f8bb41e2-ab43-4781-ae7a-7bf3b5116b82', 'Beginning Balance Insufficiency', 'ADJUSTMENT', 'DEBIT', [], 'A requisition beginning balance below the stock card'],
  ['e3fc3cf3-da18-44b0-a220-77c985202e06', 'Transfer In', 'TRANSFER', 'CREDIT', ['transfer', 'credit'], 'Stock received from another node, e.g. on a proof of delivery'],
  ['9b4b653a-f319-4a1b-bb80-8d6b4dd6cc12', 'Unpack Kit', 'AGGREGATION', 'DEBIT', ['consumed'], 'A kit taken apart into its products'],
  ['0676fdea-9ba8-4e6d-ae26-bb14f0dcfecd', 'Unpacked From Kit', 'AGGREGATION', 'CREDIT', ['received'], 'A product taken out of an unpacked kit'],
];

async function seedReasons(db: QueryRunner): Promise<void> {
  for (const [id, name, category, type, tags, description] of SYSTEM_REASONS) {
    await db.query(
      `INSERT INTO stock_card_line_item_reasons (id, name, description, reason_category, reason_type, tags) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, name, description, category, type, tags],
    );
  }
}
