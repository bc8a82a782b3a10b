import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../../test-support/validation-error";
import { filterSql, Params, resolveFilters, termSql } from "./compile";
import { fieldByName } from "./fields";

describe("int filters", () => {
  it("take each column's whole range: integer for pids, uids and ports, bigint for id", () => {
    const filters = resolveFilters([
      { field: "pid", values: ["2147483647", "-2147483648"] },
      { field: "port", values: ["443"] },
      { field: "id", values: ["2147483648", "9223372036854775807"] },
    ]);
    expect(filters.map((f) => f.field.name)).toEqual(["processPid", "remotePort", "id"]);
  });

  it.each([
    ["pid", "2147483648", /^processPid takes a whole number from -2147483648 to 2147483647, not "2147483648"$/],
    ["ppid", "-2147483649", /^processPpid takes a whole number/],
    ["uid", "9999999999", /^processUid takes/],
    ["port", "44.3", /^remotePort takes/],
    ["id", "9223372036854775808", /^id takes a whole number from -9223372036854775808 to 9223372036854775807/],
    ["id", "99999999999999999999", /^id takes/],
  ])("400 naming the filter for %s %s", (field, value, message) => {
    const err = validationErrorOf(() => resolveFilters([{ field: "kind", values: ["flows"] }, { field, values: ["1", value] }]));
    expect(err.message).toMatch(message);
    expect(err.extra).toEqual({ field: "filters.1.values" });
  });

  it("cast id values to bigint and the others to integer, as text so no digit is lost", () => {
    const params = new Params();
    const [id, pid] = resolveFilters([{ field: "id", values: ["9007199254740993"] }, { field: "pid", values: ["42"] }]);
    expect(filterSql(id, params, "$0")).toBe("id = ANY($1::bigint[])");
    expect(filterSql(pid, params, "$0")).toBe("process_pid = ANY($2::int[])");
    expect(params.values).toEqual([["9007199254740993"], ["42"]]);
  });
});

describe("int terms", () => {
  it("compare as the column's type", () => {
    const params = new Params();
    expect(termSql(fieldByName("id")!, "gt", "9007199254740993", params, "$0")).toBe("id > $1::bigint");
    expect(termSql(fieldByName("port")!, "eq", "443", params, "$0")).toBe("remote_port = $2::int");
    expect(params.values).toEqual(["9007199254740993", "443"]);
  });
});
