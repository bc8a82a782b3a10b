import "server-only";
import { z } from "zod";
import { readBodyBytes, readBodyText } from "@/lib/api/read-body";
import type { CallerContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { contentHashOf, eventKeyFor } from "./identity";
import { storableText } from "./storable";
import { bodyKindOf, MAX_BODY_BYTES, parseBody, readItems } from "./parse-body";
import { ingestItems, type IngestResult } from "./pipeline";
import { adaptGarnetEventV2 } from "./garnet";
import { SOURCE_FORMATS, type SourceFormat } from "./types";

export const IngestParams = z.object({ format: z.enum(SOURCE_FORMATS) });

/**
 * POST /api/v1/ingest/{format}: a JSON object, a JSON array or NDJSON of source events. A batch
 * whose every item is refused is a 400 that still carries the counts and each item's error.
 */
export async function ingestRequest(ctx: CallerContext, format: SourceFormat, req: Request): Promise<IngestResult> {
  const kind = bodyKindOf(req.headers.get("content-type"));
  const body = await readBodyBytes(req, MAX_BODY_BYTES);
  const items = readItems(body, kind);
  const result = await ingestItems({ tenantId: ctx.tenantId, actor: ctx.actor }, format, items);
  if (result.accepted === 0) {
    const first = result.rejected[0];
    throw new ValidationError(`all ${result.rejected.length} items were rejected; item ${first.index}: ${first.error}`, { ...result });
  }
  return result;
}

/** PUT /api/v1/events: one Garnet CreateOrUpdateEventV2; answers with the stored event's id. */
export async function putGarnetEvent(ctx: CallerContext, req: Request) {
  bodyKindOf(req.headers.get("content-type") ?? "application/json");
  const text = await readBodyText(req, MAX_BODY_BYTES);
  const items = parseBody(text, "json");
  if (items.length !== 1 || !("value" in items[0]) || Array.isArray(items[0].value) || text.trimStart().startsWith("[")) {
    throw new ValidationError("PUT /api/v1/events takes exactly one event object");
  }
  const item = items[0];
  const adapted = adaptGarnetEventV2(item.value);
  if (!adapted.ok) throw new ValidationError(adapted.error);
  const result = await ingestItems({ tenantId: ctx.tenantId, actor: ctx.actor }, "garnet", items);
  // The adapter took it, but the pipeline did not store it (a time outside 1970–9999, say).
  if (result.rejected.length > 0) throw new ValidationError(result.rejected[0].error);
  // The key as the pipeline made it: from the id freed of what PostgreSQL cannot store.
  const key = eventKeyFor("garnet", storableText(adapted.events[0].sourceId), contentHashOf(item.raw), 0);
  const event = await prisma.eventIdentity.findUnique({
    where: { tenantId_eventKey: { tenantId: ctx.tenantId, eventKey: key } },
    select: { id: true },
  });
  const status = result.created > 0 ? "created" : result.updated > 0 ? "updated" : "unchanged";
  return { id: event ? String(event.id) : null, status, ...result };
}
