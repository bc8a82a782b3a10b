import { readFileSync } from "node:fs";
import path from "node:path";

// A small reader of schema.prisma: models, their table names and scalar fields' column names.
// Used by the drift test that keeps the hand-written SQL and the Prisma schema in step.

export interface SchemaField {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
}

const SCALARS = new Set(["String", "Int", "BigInt", "Boolean", "DateTime", "Json", "Float", "Decimal", "Bytes"]);

export function readPrismaSchema(file = path.resolve(process.cwd(), "prisma/schema.prisma")): { models: SchemaModel[]; enums: string[] } {
  const text = readFileSync(file, "utf8");
  const enums = [...text.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]);
  const models: SchemaModel[] = [];
  for (const m of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, name, body] = m;
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const fields: SchemaField[] = [];
    for (const line of body.split("\n")) {
      const f = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!f || line.trim().startsWith("//") || line.trim().startsWith("@@")) continue;
      const [, fieldName, type, list, optional, rest] = f;
      if (!SCALARS.has(type) && !enums.includes(type)) continue;
      fields.push({
        name: fieldName,
        column: /@map\("([^"]+)"\)/.exec(rest)?.[1] ?? fieldName,
        type,
        optional: Boolean(optional),
        list: Boolean(list),
      });
    }
    models.push({ name, table, fields });
  }
  return { models, enums };
}
