import { describe, expect, it } from "vitest";
import { ADAPTERS } from "../ingest/adapters";
import { toEventRow } from "../ingest/event-row";
import { SOURCE_FORMATS, type SourceFormat } from "../ingest/types";
import { readCorpus } from "../../test-support/corpus";
import { toRuleEvent } from "./map-event";
import { readPastedEvent } from "./pasted-event";

// A pasted event is recognised and mapped as ingest would map it: every corpus item that its own
// format's adapter turns into a rule event gives that same rule event when pasted.

const CORPUS: Partial<Record<SourceFormat, [string, string[]?]>> = {
  garnet: ["garnet", ["events", "profiles"]],
  datadog: ["datadog-csm"],
  kubearmor: ["kubearmor", ["json", "otel"]],
  tetragon: ["tetragon", ["docs", "files"]],
  falco: ["falco"],
};

describe("a pasted event", () => {
  for (const format of SOURCE_FORMATS.filter((f) => f in CORPUS)) {
    it(`of the ${format} corpus is read as ingest reads it`, () => {
      let mapped = 0;
      for (const { file, index, item } of readCorpus(...CORPUS[format]!)) {
        const adapted = ADAPTERS[format](item);
        if (!adapted.ok) continue;
        const expected = adapted.events
          .map((e) => toRuleEvent(toEventRow(format, e, { eventKey: "k", contentHash: "h", agentKey: "a" })))
          .find((e) => e !== null);
        if (!expected) continue;
        mapped++;
        const pasted = readPastedEvent(item);
        expect(pasted, `${file}#${index}`).toEqual({ ok: true, format: expect.any(String), event: expected });
      }
      expect(mapped, `${format}: no corpus item maps onto a rule event`).toBeGreaterThan(0);
    });
  }

  it("in seed 002's JSON is read as such, and anything else is named", () => {
    const seed = { event_type: "domain", process: { exec_path: "/usr/bin/curl", argv: ["curl"], ancestors: [] }, payload: { domain: "evil.example", source: "dns" } };
    expect(readPastedEvent(seed)).toMatchObject({ ok: true, format: "rule_event", event: { eventType: "domain", payload: { domain: "evil.example" } } });
    expect(readPastedEvent({ hello: "world" })).toMatchObject({ ok: false, error: expect.stringMatching(/not an event Vigil reads/) });
    expect(readPastedEvent([])).toMatchObject({ ok: false });
  });
});
