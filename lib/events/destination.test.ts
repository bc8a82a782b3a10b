import { describe, expect, it } from "vitest";
import { ADAPTERS } from "@/lib/ingest/adapters";
import type { NormalizedEvent, SourceFormat } from "@/lib/ingest/types";
import { readCorpus } from "../../test-support/corpus";
import { isIpLiteral } from "./dns-chain";
import { destinationLabel, networkDestinationOf } from "./destination";

function fieldsOf(e: NormalizedEvent) {
  return {
    domain: e.domain ?? null,
    dnsNames: e.dnsNames ?? [],
    remoteAddress: e.flow?.remote?.address ?? null,
    remoteName: e.flow?.remote?.name ?? null,
    remotePort: e.flow?.remote?.port ?? null,
  };
}

describe("an event's network destination", () => {
  it("takes the original domain of a CNAME chain, never a CNAME or the IP", () => {
    const e = { domain: null, dnsNames: ["104.16.1.1", "edge.cdn.example.net", "npm.mirror.example.org", "Registry.Example.COM."], remoteAddress: "104.16.1.1" };
    expect(networkDestinationOf(e)).toEqual({ type: "domain", value: "registry.example.com" });
  });

  it("falls back to the domain asked for, the flow's remote name, then the remote IP", () => {
    expect(networkDestinationOf({ domain: "pool.minexmr.com", remoteAddress: "1.2.3.4" })).toEqual({ type: "domain", value: "pool.minexmr.com" });
    expect(networkDestinationOf({ domain: null, remoteName: "api.github.com", remoteAddress: "140.82.112.5" })).toEqual({ type: "domain", value: "api.github.com" });
    expect(networkDestinationOf({ domain: null, dnsNames: ["140.82.112.5"], remoteName: "140.82.112.5", remoteAddress: "140.82.112.5" }))
      .toEqual({ type: "ip", value: "140.82.112.5" });
    expect(networkDestinationOf({ domain: null, remoteAddress: null })).toBeNull();
  });

  it("labels the table's destination with the port when it is an address", () => {
    expect(destinationLabel({ domain: null, remoteAddress: "10.0.0.1", remotePort: 443 })).toBe("10.0.0.1:443");
    expect(destinationLabel({ domain: null, remoteAddress: "2001:db8::1", remotePort: 53 })).toBe("[2001:db8::1]:53");
    expect(destinationLabel({ domain: "example.com", remoteAddress: "10.0.0.1", remotePort: 443 })).toBe("example.com");
  });

  const CORPUS: [SourceFormat, string, string[]?][] = [
    ["garnet", "garnet", ["events", "profiles"]],
    ["datadog", "datadog-csm"],
    ["kubearmor", "kubearmor", ["json", "otel"]],
    ["tetragon", "tetragon", ["docs", "files"]],
    ["falco", "falco"],
  ];
  it.each(CORPUS)("follows the rule on every %s corpus event", (format, dir, subdirs) => {
    let networked = 0;
    for (const { item } of readCorpus(dir, subdirs)) {
      const res = ADAPTERS[format](item);
      if (!res.ok) continue;
      for (const e of res.events) {
        const f = fieldsOf(e);
        const d = networkDestinationOf(f);
        const chain = f.dnsNames.filter((n) => !isIpLiteral(n));
        if (chain.length > 0) expect(d).toEqual({ type: "domain", value: chain[chain.length - 1].replace(/\.$/, "").toLowerCase() });
        else if (f.domain && !isIpLiteral(f.domain)) expect(d).toEqual({ type: "domain", value: f.domain.replace(/\.$/, "").toLowerCase() });
        else if (!f.remoteName && f.remoteAddress) expect(d).toEqual({ type: "ip", value: f.remoteAddress });
        if (d?.type === "domain") expect(isIpLiteral(d.value)).toBe(false);
        if (d) networked += 1;
      }
    }
    if (format !== "datadog") expect(networked).toBeGreaterThan(0);
  });

  it("blocks gist.githubusercontent.com for the Garnet flow whose names run IP → domain", () => {
    const items = readCorpus("garnet", ["events"]).map((c) => c.item);
    const flows = items.flatMap((i) => {
      const r = ADAPTERS.garnet(i);
      return r.ok ? r.events.filter((e) => (e.dnsNames ?? []).includes("gist.githubusercontent.com")) : [];
    });
    expect(flows.length).toBeGreaterThan(0);
    for (const e of flows) expect(networkDestinationOf(fieldsOf(e))).toEqual({ type: "domain", value: "gist.githubusercontent.com" });
  });
});
