import { describe, expect, it } from "vitest";
import { UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";
import { readJsonObject } from "./read-body";

const request = (body: string, contentType?: string) =>
  new Request("http://vigil.test/api/v1/events/search", { method: "POST", body, headers: contentType ? { "content-type": contentType } : {} });

describe("readJsonObject", () => {
  it("reads a JSON object sent as application/json, with or without a charset, or a +json type", async () => {
    expect(await readJsonObject(request('{"a":1}', "application/json"))).toEqual({ a: 1 });
    expect(await readJsonObject(request('{"a":1}', "Application/JSON; charset=utf-8"))).toEqual({ a: 1 });
    expect(await readJsonObject(request('{"a":1}', "application/merge-patch+json"))).toEqual({ a: 1 });
  });

  it("refuses other content types with a 415, as a cross-site form could send them", async () => {
    await expect(readJsonObject(request('{"a":1}', "text/plain"))).rejects.toThrow(UnsupportedMediaTypeError);
    await expect(readJsonObject(request('{"a":1}', "application/x-www-form-urlencoded"))).rejects.toThrow(/got "application\/x-www-form-urlencoded"/);
    await expect(readJsonObject(request('{"a":1}'))).rejects.toThrow(/text\/plain|none/);
  });

  it("refuses malformed JSON and non-objects with a 400 naming the body", async () => {
    await expect(readJsonObject(request("{", "application/json"))).rejects.toThrow(ValidationError);
    await expect(readJsonObject(request("[1]", "application/json"))).rejects.toMatchObject({ extra: { field: "body" } });
  });
});
