import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { EVENT_KINDS, SEVERITIES, type Adapter, type NormalizedEvent } from "../lib/ingest/types";

// The public sample events in test-fixtures/corpus (see its SOURCES.md), item by item.

export const CORPUS_DIR = path.join(__dirname, "../test-fixtures/corpus");

export interface CorpusItem {
  /** Path below `base`, e.g. "docs/README.md@2f7155f7c5.jsonl". */
  file: string;
  /** Position of the item inside its file. */
  index: number;
  item: unknown;
}

/** *.jsonl hold one item per line, *.json one (pretty-printed) item; other files are skipped. */
export function readCorpus(base: string, subdirs: string[] = [""]): CorpusItem[] {
  const out: CorpusItem[] = [];
  for (const dir of subdirs) {
    for (const name of fs.readdirSync(path.join(CORPUS_DIR, base, dir)).sort()) {
      const text = fs.readFileSync(path.join(CORPUS_DIR, base, dir, name), "utf8");
      const file = dir ? `${dir}/${name}` : name;
      if (name.endsWith(".jsonl")) {
        text.split("\n").filter((l) => l.trim() !== "").forEach((l, index) => out.push({ file, index, item: JSON.parse(l) as unknown }));
      } else if (name.endsWith(".json")) {
        out.push({ file, index: 0, item: JSON.parse(text) as unknown });
      }
    }
  }
  return out;
}

/** The one event an adapter makes of an item; fails the test with the adapter's error otherwise. */
export function adaptOne(adapter: Adapter, item: unknown): NormalizedEvent {
  const r = adapter(item);
  if (!r.ok) throw new Error(r.error);
  expect(r.events).toHaveLength(1);
  return r.events[0];
}

/** What every normalized event must satisfy, whatever its source. */
export function expectWellFormed(e: NormalizedEvent, opts: { titled?: boolean } = {}): void {
  expect(EVENT_KINDS).toContain(e.kind);
  expect(SEVERITIES).toContain(e.severity);
  expect(e.type).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
  expect(new Date(e.occurredAt).toISOString()).toBe(e.occurredAt);
  expect(e.agent).toBeTypeOf("object");
  if (opts.titled !== false) expect(e.title).toBeTruthy();
}
