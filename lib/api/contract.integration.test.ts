import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createUser } from "../admin/accounts";
import { pool } from "../db";
import { callRoute, type Handler } from "../../test-support/route-call";
import { loadRouteHandlers } from "../../test-support/route-files";
import { makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import type { ApiRouteKey } from "./access";
import { API_CONTRACT, type Operation } from "./contract/operations";
import { retroHuntRunner } from "../rules/retro-hunt-runner";

withTestDatabase();

// Every operation of the OpenAPI document called the way its documentation says, with its own
// example body, by an admin: each must succeed, and callRoute checks each answer against the
// document (status, media type, body schema). The examples are thereby proven to work.

let handlers = new Map<string, Handler>();
let admin: string;
const ids: Record<string, string> = {};

/** Creations first, then reads, then changes, then deletions: each finds what it needs. */
const PHASES = ["PUT", "POST", "GET", "PATCH", "DELETE"];
const phase = (key: string) => (key.startsWith("POST /api/v1/ingest") ? -1 : PHASES.indexOf(key.split(" ")[0]));
// A rule is deleted before its policy.
const ORDER = (Object.keys(API_CONTRACT) as ApiRouteKey[]).sort((a, b) => phase(a) - phase(b) || (phase(a) === 4 ? b.length - a.length : 0));

function params(key: string): Record<string, string> {
  const area = key.split(" ")[1].split("/")[3];
  const p: Record<string, string> = {};
  if (key.includes("{format}")) p.format = "garnet";
  if (key.includes("{ruleId}")) p.ruleId = area === "rule-sets" ? ids.detectionRule : ids.rule;
  if (key.includes("{id}")) p.id = { events: ids.event, issues: ids.issue, comments: ids.comment, "network-policies": ids.policy, "rule-sets": ids.ruleSet, "retro-hunts": ids.retroHunt, "saved-searches": ids.savedSearch }[area]!;
  return p;
}

/** The version an update must send: the resource as it is now. */
async function currentVersion(key: ApiRouteKey, p: Record<string, string>): Promise<number | undefined> {
  const readKey = (key.endsWith("/assessment") ? key.replace(/^POST/, "GET") : key.replace(/^(PATCH|DELETE)/, "GET")) as ApiRouteKey;
  if (!(readKey in API_CONTRACT) || readKey === key) return undefined;
  const path = readKey.split(" ")[1].replace(/\{(\w+)\}/g, (_, n: string) => p[n]).replace(/^\/api\/v1/, "");
  const res = await callRoute(handlers.get(readKey)!, "GET", path, { token: admin, params: p });
  return res.body?.version;
}

beforeAll(async () => {
  handlers = await loadRouteHandlers();
  // The retro-hunt stays queued, so that its cancel (a 409 once it is over) is documented as called.
  retroHuntRunner.autostart = false;
  const t = await makeTenantWithCredentials("contract");
  const email = `contract-${Date.now()}@example.test`;
  await createUser({ email, password: "contract password 1", name: "Contract", tenant: t.tenant.slug, role: "admin" });
  admin = (await createApiKey({ tenant: t.tenant.slug, role: "admin", name: "contract", userEmail: email })).secret;
});

describe("every documented operation, called as documented", () => {
  it("succeeds with its example and answers what the document says", async () => {
    const answered: string[] = [];
    for (const key of ORDER) {
      if (key === "GET /api/health") continue; // outside /api/v1: the access and outage tests call it
      const op: Operation = API_CONTRACT[key];
      const [method, route] = key.split(" ");
      const p = params(key);
      const url = route.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(p[n])).replace(/^\/api\/v1/, "");
      let body = op.body?.example;
      if (body && typeof body === "object" && !Array.isArray(body) && "version" in body) body = { ...body, version: await currentVersion(key, p) };
      if (key === "POST /api/v1/retro-hunts") body = { ...(body as object), ruleId: ids.detectionRule };
      const headers: Record<string, string> = {};
      if (method === "DELETE" && op.ifMatch) headers["if-match"] = `"${await currentVersion(key, p)}"`;
      const query = key === "GET /api/v1/events/values" ? "?field=severity" : key === "GET /api/v1/network-policies/effective" ? "?cluster=prod-eu&namespace=payments&node=node-3" : "";
      const res = await callRoute(handlers.get(key)!, method, url + query, { token: admin, body, params: p, headers });
      expect(res.status, `${key}: ${JSON.stringify(res.body)?.slice(0, 400)}`).toBeLessThan(300);
      answered.push(`${key} ${res.status}`);
      if (key === "POST /api/v1/ingest/{format}") {
        const row = (await pool().query(`SELECT e.id::text AS event, ie.issue_id::text AS issue FROM events e JOIN issue_events ie ON ie.event_id = e.id ORDER BY e.id LIMIT 1`)).rows[0];
        Object.assign(ids, row);
      }
      if (key === "POST /api/v1/issues/{id}/comments") ids.comment = res.body.id;
      if (key === "POST /api/v1/network-policies") ids.policy = res.body.id;
      if (key === "POST /api/v1/network-policies/{id}/rules") ids.rule = res.body.id;
      if (key === "POST /api/v1/saved-searches") ids.savedSearch = res.body.id;
      if (key === "POST /api/v1/rule-sets") {
        ids.ruleSet = res.body.ruleSets[0].id;
        ids.detectionRule = (await pool().query(`SELECT id FROM detection_rules WHERE rule_set_id = $1 ORDER BY position LIMIT 1`, [ids.ruleSet])).rows[0].id;
      }
      if (key === "POST /api/v1/retro-hunts") ids.retroHunt = res.body.id;
      if (key === "POST /api/v1/rule-sets/{id}/rules") ids.detectionRule = res.body.id;
    }
    expect(answered.length).toBe(ORDER.length - 1);
  });
});
