import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { routeKeyOf } from "../lib/api/access";
import { openApiDocument } from "../lib/api/openapi";

// Checks a real response against the OpenAPI document: its status is one the operation
// documents, its media type one it lists, and a JSON body matches the schema (Ajv, JSON Schema
// 2020-12). test-support/route-call.ts runs it on every response an integration test receives.

type Json = Record<string, unknown>;
const DOC_ID = "vigil:openapi";

let ajv: Ajv2020 | null = null;
const validators = new Map<string, ValidateFunction>();

function validator(ref: string): ValidateFunction {
  if (!ajv) {
    // Not strict: the document's root is OpenAPI, not a schema; its schemas are checked by the contract test.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...openApiDocument(), $id: DOC_ID });
  }
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: `${DOC_ID}${ref}` });
    validators.set(ref, v);
  }
  return v;
}

function pointer(...parts: string[]): string {
  return "#/" + parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/** The reasons a response breaks the document; empty when it keeps it. */
export function contractViolations(method: string, url: string, status: number, contentType: string | null, text: string): string[] {
  const pathname = new URL(url).pathname;
  const key = routeKeyOf(method, pathname);
  if (!key) return [];
  // 405s come from proxy.ts and 499s go to nobody: neither is an operation's answer.
  if (status === 499) return [];
  const path = key.split(" ")[1];
  const operation = ((openApiDocument().paths as Json)[path] as Json)[method.toLowerCase()] as Json;
  const responses = operation.responses as Record<string, Json>;
  const response = responses[String(status)];
  if (!response) return [`${key} answered ${status}, which its operation does not document (${Object.keys(responses).join(", ")})`];
  const content = response.content as Record<string, Json> | undefined;
  if (!content) return text === "" ? [] : [`${key} ${status} documents no body but sent one`];
  const media = (contentType ?? "").split(";")[0].trim();
  if (!(media in content)) return [`${key} ${status} sent ${media || "no content type"}, not one of ${Object.keys(content).join(", ")}`];
  const schema = content[media].schema as Json;
  if (!media.endsWith("json") || schema.type === "string") return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${key} ${status} sent ${media} that is not JSON`];
  }
  const validate = validator(pointer("paths", path, method.toLowerCase(), "responses", String(status), "content", media, "schema"));
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${key} ${status}: ${e.instancePath || "(body)"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
}

/** Throws when a response breaks the document. */
export function expectContract(method: string, url: string, status: number, contentType: string | null, text: string): void {
  const violations = contractViolations(method, url, status, contentType, text);
  if (violations.length > 0) throw new Error(`The response breaks the OpenAPI document:\n${violations.join("\n")}\nbody: ${text.slice(0, 500)}`);
}
