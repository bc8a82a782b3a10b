import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "../../test-support/test-db";
import { migrate } from "./migrate";
import { readPrismaSchema } from "./prisma-schema";

const db = withTestDatabase();

const PG_TYPES: Record<string, string[]> = {
  String: ["text", "character varying", "uuid"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Boolean: ["boolean"],
  DateTime: ["timestamp with time zone"],
  Json: ["jsonb"],
};

describe("migrations and schema.prisma", () => {
  it("define the same tables, columns, types and nullability", async () => {
    const client = new Client({ connectionString: db.url() });
    await client.connect();
    const cols = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; udt_name: string }>(
      `SELECT table_name, column_name, data_type, is_nullable, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    await client.end();
    const byKey = new Map(cols.rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const { models, enums } = readPrismaSchema();
    expect(models.length).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    for (const model of models) {
      for (const f of model.fields) {
        const col = byKey.get(`${model.table}.${f.column}`);
        if (!col) {
          problems.push(`${model.name}.${f.name}: column ${model.table}.${f.column} is missing`);
          continue;
        }
        if (f.list) {
          if (col.data_type !== "ARRAY") problems.push(`${model.name}.${f.name}: expected an array, found ${col.data_type}`);
        } else if (enums.includes(f.type)) {
          if (col.data_type !== "USER-DEFINED") problems.push(`${model.name}.${f.name}: expected enum ${f.type}`);
        } else if (!PG_TYPES[f.type]?.includes(col.data_type)) {
          problems.push(`${model.name}.${f.name}: ${f.type} does not match ${col.data_type}`);
        }
        const nullable = col.is_nullable === "YES";
        if (nullable !== f.optional) problems.push(`${model.name}.${f.name}: nullable ${nullable} but optional ${f.optional}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("is idempotent and refuses an edited migration", async () => {
    const again = await migrate(db.url());
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBeGreaterThan(0);
  });

  it("keeps lineage append-only", async () => {
    const client = new Client({ connectionString: db.url() });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO lineage_entries (tenant_id, subject_type, subject_id, action, actor) VALUES (gen_random_uuid(), 'event', '1', 'created', 'test')`,
      );
      await expect(client.query(`UPDATE lineage_entries SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM lineage_entries`)).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE lineage_entries`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });
});
