import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { exportedRouteKeys } from "../../test-support/route-files";
import { API_ACCESS } from "./access";
import { API_CONTRACT, type Operation } from "./contract/operations";
import { openApiDocument } from "./openapi";

// The OpenAPI document against the OpenAPI 3.1 specification, against the route files, and
// against the schemas that validate requests.

type Json = Record<string, unknown>;

function documentedRoutes(): string[] {
  const paths = openApiDocument().paths as Record<string, Json>;
  return Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(openApiDocument()) as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every route the file system serves, and nothing else", () => {
    expect(documentedRoutes().sort()).toEqual(exportedRouteKeys().sort());
    expect(Object.keys(API_CONTRACT).sort()).toEqual(Object.keys(API_ACCESS).sort());
  });

  it("has schemas that compile under strict JSON Schema 2020-12, and every $ref resolves", () => {
    const doc = openApiDocument();
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv);
    const components = (doc.components as Json).schemas as Record<string, Json>;
    for (const [id, schema] of Object.entries(components)) ajv.addSchema(schema, `#/components/schemas/${id}`);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(Object.keys(components), ref).toContain(ref.slice(8, -1).replace("#/components/schemas/", ""));
    for (const id of Object.keys(components)) expect(() => ajv.getSchema(`#/components/schemas/${id}`), id).not.toThrow();
  });

  it("gives every operation a summary, a tag, a success reply and the errors its access row implies", () => {
    for (const [key, op] of Object.entries(API_CONTRACT) as [keyof typeof API_CONTRACT, Operation][]) {
      const [method, p] = key.split(" ");
      const documented = ((openApiDocument().paths as Record<string, Json>)[p][method.toLowerCase()] as Json).responses as Json;
      expect(op.summary.length, key).toBeGreaterThan(3);
      expect(op.replies.some((r) => r.status < 300), key).toBe(true);
      if (API_ACCESS[key].permission !== null) expect(Object.keys(documented), key).toEqual(expect.arrayContaining(["401", "403", "429"]));
      if (p.includes("{")) expect(Object.keys(documented), key).toEqual(expect.arrayContaining(["400", "404"]));
    }
  });

  it("has request examples that the request schemas accept", () => {
    let examples = 0;
    for (const [key, op] of Object.entries(API_CONTRACT) as [string, Operation][]) {
      if (op.body?.example === undefined) continue;
      examples++;
      const parsed = op.body.schema.safeParse(op.body.example);
      expect(parsed.success, `${key}: ${parsed.error?.message}`).toBe(true);
    }
    expect(examples).toBeGreaterThan(20);
  });

  it("describes a request body with the schema lib/ validates it with: a field it refuses is refused by the document too", () => {
    const doc = openApiDocument();
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: "vigil:openapi" });
    const body = (key: string) => {
      const [method, p] = key.split(" ");
      return ajv.compile({ $ref: `vigil:openapi#/paths/${p.replace(/~/g, "~0").replace(/\//g, "~1")}/${method.toLowerCase()}/requestBody/content/application~1json/schema` });
    };
    const createRule = body("POST /api/v1/network-policies/{id}/rules");
    expect(createRule({ type: "domain", value: "x.example", action: "deny" })).toBe(true);
    expect(createRule({ type: "domain", value: "x.example", action: "maybe" })).toBe(false);
    expect(createRule({ type: "domain", value: "x.example", action: "deny", extra: 1 })).toBe(false);
    const search = body("POST /api/v1/events/search");
    expect(search({ query: "curl", limit: 10 })).toBe(true);
    expect(search({ limit: 0 })).toBe(false);
  });
});
