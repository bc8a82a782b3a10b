import { describe, expect, it } from "vitest";
import { allowedMethods } from "./access";

describe("allowedMethods", () => {
  it("lists the methods of the route a path names, preferring literal segments, and null for no route", () => {
    expect(allowedMethods("/api/v1/network-policies/effective")).toEqual(["GET"]);
    expect(allowedMethods("/api/v1/network-policies/3f0e9b1c-0000-0000-0000-000000000000")?.sort()).toEqual(["DELETE", "GET", "PATCH"]);
    expect(allowedMethods("/api/v1/events/42/actions/block")).toEqual(["POST"]);
    expect(allowedMethods("/api/v1/events")?.sort()).toEqual(["GET", "PUT"]);
    expect(allowedMethods("/api/v1/events/")?.sort()).toEqual(["GET", "PUT"]);
    expect(allowedMethods("/api/v1/nothing-here")).toBeNull();
    expect(allowedMethods("/api/v1/events/42/nope")).toBeNull();
  });
});
