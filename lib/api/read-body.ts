import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";

/** Reads a request body as UTF-8 text, refusing it (413) as soon as it passes maxBytes. */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  return (await readBodyBytes(req, maxBytes)).toString("utf8");
}

/** Reads a request body's bytes, refusing it (413) as soon as it passes maxBytes. */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new PayloadTooLargeError(`the body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(`the body is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower-cased, without its parameters ("" when absent). */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * The request's body as a JSON object; malformed JSON or a non-object is a 400 naming `body`.
 * Only a JSON content type is read: a cross-site form can send text/plain without a preflight.
 */
export async function readJsonObject(req: Request, maxBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const mime = mediaTypeOf(req.headers.get("content-type"));
  if (mime !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mime)) {
    throw new UnsupportedMediaTypeError(`Content-Type must be application/json, got ${mime ? `"${mime}"` : "none"}`);
  }
  const text = await readBodyText(req, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON", { field: "body" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError("The body must be a JSON object", { field: "body" });
  }
  return body as Record<string, unknown>;
}
