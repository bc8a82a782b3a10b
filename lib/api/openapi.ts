import { z } from "zod";
import { ROLES, agentCan, roleCan } from "@/lib/auth/roles";
import { API_ACCESS, type ApiRouteKey } from "./access";
import { API_CONTRACT, TAGS, type Operation, type Reply } from "./contract/operations";
import * as Responses from "./contract/responses";

// The OpenAPI 3.1 document, generated from the contract (lib/api/contract) and the access table:
// request schemas are the zod schemas lib/ validates with, so the document cannot drift from
// what the API accepts. Served at GET /api/v1/openapi.json and rendered at /docs/api.

type Json = Record<string, unknown>;

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;
const JSON_SCHEMA_OPTIONS = { target: "draft-2020-12", unrepresentable: "any" } as const;

/** The response schemas are named components; a request body is inlined in its operation. */
const registry = z.registry<{ id: string }>();
const componentIds = new Map<z.ZodType, string>();
for (const [id, schema] of Object.entries(Responses)) {
  if (!(schema instanceof z.ZodType)) continue;
  registry.add(schema, { id });
  componentIds.set(schema, id);
}

/** A schema as the document holds it: the dialect is the document's, and a component is named by its key. */
function stripDialect(schema: Json): Json {
  const rest = { ...schema };
  delete rest.$schema;
  delete rest.$id;
  return rest;
}

function requestSchema(schema: z.ZodType): Json {
  return stripDialect(z.toJSONSchema(schema, { ...JSON_SCHEMA_OPTIONS, io: "input" }) as Json);
}

/** Every response body is a named component (lib/api/contract/responses.ts). */
function responseSchema(schema: z.ZodType): Json {
  const id = componentIds.get(schema);
  if (!id) throw new Error("a reply's schema must be exported from lib/api/contract/responses.ts");
  return { $ref: COMPONENT_URI(id) };
}

function pathParameters(key: ApiRouteKey, op: Operation): Json[] {
  const names = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = op.params ? (requestSchema(op.params).properties as Record<string, Json>) : {};
  return names.map((name) => ({ name, in: "path", required: true, schema: declared[name] ?? { type: "string" } }));
}

function queryParameters(op: Operation): Json[] {
  const query = op.query ?? op.documentedQuery;
  const out: Json[] = [];
  if (query) {
    const schema = requestSchema(query);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = property;
      out.push({ name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema: rest, ...(rest.type === "array" ? { explode: true } : {}) });
    }
  }
  for (const extra of op.extraQuery ?? []) out.push({ name: extra.name, in: "query", required: false, description: extra.description, schema: { type: "string" } });
  return out;
}

function replyObject(reply: Reply): Json {
  const content: Json = {};
  if (reply.schema) content["application/json"] = { schema: responseSchema(reply.schema) };
  for (const [type, { description }] of Object.entries(reply.media ?? {})) content[type] = { schema: { type: "string", description } };
  return {
    description: reply.description,
    ...(Object.keys(content).length ? { content } : {}),
    ...(reply.headers ? { headers: Object.fromEntries(Object.entries(reply.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) } : {}),
  };
}

const PROBLEM = { "application/problem+json": { schema: { $ref: COMPONENT_URI("Problem") } } };
const problem = (description: string, headers?: Json): Json => ({ description, content: PROBLEM, ...(headers ? { headers } : {}) });
const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "string" } } };

/** Who may call it, in words, from the access table and the role grants. */
function accessText(key: ApiRouteKey): string {
  const { permission, sessions } = API_ACCESS[key];
  if (permission === null) return "Anyone, without credentials.";
  const roles = ROLES.filter((r) => roleCan(r, permission));
  const callers = [...(agentCan(permission) ? ["agent tokens"] : []), `API keys${sessions ? " and signed-in users" : ""} with role ${roles.join(" or ")}`];
  return `Callers: ${callers.join("; ")} (permission \`${permission}\`).`;
}

function operationObject(key: ApiRouteKey): Json {
  const op: Operation = API_CONTRACT[key];
  const access = API_ACCESS[key];
  const [method, path] = key.split(" ");
  const responses: Json = {};
  for (const reply of op.replies) responses[String(reply.status)] = replyObject(reply);
  const takesInput = op.body || op.query || op.documentedQuery || path.includes("{");
  if (takesInput) responses["400"] = problem("A field is not valid: `errors` names each one");
  if (access.permission !== null) {
    responses["401"] = problem("No credentials, or unknown, revoked or disabled ones");
    responses["403"] = problem("The caller's role may not do this");
  }
  if (path.includes("{") || op.notFound) responses["404"] = problem(op.notFound ? `Not found: ${op.notFound}` : "No such thing in the caller's tenant");
  if (op.conflict) responses["409"] = problem("The version sent is stale, or the thing already exists (the body says which)");
  if (op.unprocessable) responses["422"] = problem(op.unprocessable);
  if (op.body) {
    responses["413"] = problem("The body is larger than the limit");
    responses["415"] = problem("The content type is not one this route reads");
  }
  if (access.permission !== null) responses["429"] = problem("Too many requests for this credential", RETRY_AFTER);
  responses["503"] ??= problem("The database cannot be reached; retry after the delay", RETRY_AFTER);
  const operation: Json = {
    operationId: `${method.toLowerCase()}${path.replace(/^\/api(\/v1)?/, "").replace(/\{(\w+)\}/g, "By-$1").replace(/[^a-zA-Z0-9]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: [op.description, accessText(key)].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    security: access.permission === null ? [] : access.sessions ? [{ bearer: [] }, { session: [] }] : [{ bearer: [] }],
    "x-vigil-permission": access.permission,
    parameters: [
      ...pathParameters(key, op),
      ...queryParameters(op),
      ...(op.ifMatch ? [{ name: "If-Match", in: "header", required: false, description: "The version last read (instead of `version` in the body)", schema: { type: "string" } }] : []),
      ...(key === "GET /api/v1/network-policies/effective" ? [{ name: "If-None-Match", in: "header", required: false, description: "The ETag last received: 304 when unchanged", schema: { type: "string" } }] : []),
    ],
    responses,
  };
  if (op.body) {
    const schema = requestSchema(op.body.schema);
    const media = op.body.media ?? ["application/json"];
    operation.requestBody = {
      required: true,
      ...(op.body.description ? { description: op.body.description } : {}),
      content: Object.fromEntries(media.map((type) => [type, { schema, ...(op.body!.example !== undefined && type === "application/json" ? { example: op.body!.example } : {}) }])),
    };
  }
  return operation;
}

function buildDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const key of Object.keys(API_CONTRACT) as ApiRouteKey[]) {
    const [method, path] = key.split(" ");
    (paths[path] ??= {})[method.toLowerCase()] = operationObject(key);
  }
  const components = z.toJSONSchema(registry, { ...JSON_SCHEMA_OPTIONS, io: "output", uri: COMPONENT_URI }).schemas as Record<string, Json>;
  return {
    openapi: "3.1.1",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "Vigil API",
      version: "v1",
      description:
        "Events, issues, network policies and audit of the Vigil security operations console.\n\n" +
        "Every error is RFC 9457 problem details (`application/problem+json`); a 400 names each bad field in `errors: [{field, message}]`. " +
        "Agents authenticate with an agent token, scripts with an API key, both as `Authorization: Bearer …`; the console uses its session cookie.",
    },
    servers: [{ url: "/" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).map(([id, schema]) => [id, stripDialect(schema)])),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An agent token (ingest, effective policy) or an API key (its role's permissions)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's session (signed-in users); `__Secure-` prefixed over https" },
      },
    },
  };
}

let cached: { document: Json; json: string } | null = null;

/** The document, built once per process. */
export function openApiDocument(): Json {
  cached ??= build();
  return cached.document;
}

/** The document as served, encoded once per process. */
export function openApiJson(): string {
  cached ??= build();
  return cached.json;
}

function build() {
  const document = buildDocument();
  return { document, json: JSON.stringify(document) };
}
