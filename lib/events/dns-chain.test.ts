import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "../ingest/adapters";
import { toEventRow } from "../ingest/event-row";
import type { NormalizedEvent, SourceFormat } from "../ingest/types";
import { CORPUS_DIR } from "../../test-support/corpus";
import { buildDnsChain, type DnsChainInput, verdictOf } from "./dns-chain";

/** The chain input as the API builds it from a stored event. */
function inputOf(format: SourceFormat, e: NormalizedEvent): DnsChainInput {
  const r = toEventRow(format, e, { eventKey: "k", contentHash: "h", agentKey: "a" });
  return {
    kind: r.kind, type: r.type, domain: r.domain, dnsNames: r.dnsNames, flow: e.flow ?? null, remoteAddress: r.remoteAddress,
    remotePort: r.remotePort, remoteName: r.remoteName, protocol: r.protocol, action: r.action, outcome: r.outcome,
    policyName: r.policyName, flags: r.flags,
    process: { pid: r.processPid, exe: r.processExe, comm: r.processComm, args: r.processArgs },
  };
}

function corpusEvents(format: SourceFormat, rel: string): NormalizedEvent[] {
  const out = ADAPTERS[format](JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, rel), "utf8")));
  if (!out.ok) throw new Error(out.error);
  return out.events;
}

const EMPTY: DnsChainInput = {
  kind: "flows", type: "flow", domain: null, dnsNames: [], flow: null, remoteAddress: null, remotePort: null, remoteName: null,
  protocol: null, action: null, outcome: null, policyName: null, flags: [], process: null,
};

describe("buildDnsChain", () => {
  it("draws the Garnet action fixture's CNAME chain from the queried domain to the IP", () => {
    const unsplash = corpusEvents("garnet", "garnet/profiles/worth-a-look-run.json").find((e) => e.domain === "images.unsplash.com")!;
    const chain = buildDnsChain(inputOf("garnet", unsplash));
    expect(chain.steps).toEqual([
      { kind: "domain", name: "images.unsplash.com" },
      { kind: "cname", name: "unsplash.imgix.net" },
      { kind: "cname", name: "dualstack.com.imgix.map.fastly.net" },
      { kind: "ip", address: "146.75.94.208" },
    ]);
    expect(chain.resolution).toBe("reported");
    expect(chain.flow).toMatchObject({ direction: "egress", remote: { address: "146.75.94.208", port: 443 } });
    expect(chain.process).toMatchObject({ comm: "node", args: "node src/test.js" });
    expect(chain.verdict.decision).toBe("allowed");
  });

  it("joins the Jibril detection's resolution with both ends of its flow", () => {
    const dir = path.join(CORPUS_DIR, "garnet/events");
    const [e] = corpusEvents("garnet", `garnet/events/${fs.readdirSync(dir)[0]}`);
    const chain = buildDnsChain(inputOf("garnet", e));
    expect(chain.steps).toEqual([
      { kind: "domain", name: "gist.githubusercontent.com" },
      { kind: "ip", address: "185.199.110.133" },
    ]);
    expect(chain.flow).toMatchObject({ protocol: "TCP", local: { address: "192.168.1.125", port: 39992 }, remote: { address: "185.199.110.133", port: 443 } });
    expect(chain.process?.exe).toBe("/usr/bin/curl");
  });

  it("reads seed 000's names order [IP, CNAME_N, …, CNAME_1, domain]", () => {
    const chain = buildDnsChain({ ...EMPTY, dnsNames: ["151.101.1.69", "edge.fastly.net", "cdn.example.net", "cdn.example.com"] });
    expect(chain.steps.map((s) => (s.kind === "ip" ? s.address : s.name))).toEqual(["cdn.example.com", "cdn.example.net", "edge.fastly.net", "151.101.1.69"]);
  });

  it("shows only what a source without a chain states", () => {
    const both = buildDnsChain({ ...EMPTY, domain: "registry.npmjs.org", remoteAddress: "104.16.24.34", remotePort: 443, protocol: "tcp" });
    expect(both.steps).toEqual([{ kind: "domain", name: "registry.npmjs.org" }, { kind: "ip", address: "104.16.24.34" }]);
    expect(both.resolution).toBe("not-reported");
    expect(both.flow).toMatchObject({ protocol: "TCP", local: null, remote: { address: "104.16.24.34", port: 443 } });
    const dnsOnly = buildDnsChain({ ...EMPTY, kind: "infos", type: "dns_query", domain: "example.org" });
    expect(dnsOnly).toMatchObject({ applicable: true, steps: [{ kind: "domain", name: "example.org" }], resolution: "none", flow: null });
    const none = buildDnsChain({ ...EMPTY, kind: "detections", type: "file_open" });
    expect(none.applicable).toBe(false);
  });

  it("does not repeat a name a source lists twice and skips an IP-only chain's domain", () => {
    const chain = buildDnsChain({ ...EMPTY, dnsNames: ["10.0.0.1", "a.example", "a.example."] });
    expect(chain.steps).toEqual([{ kind: "domain", name: "a.example" }, { kind: "ip", address: "10.0.0.1" }]);
    expect(buildDnsChain({ ...EMPTY, dnsNames: ["10.0.0.1"] }).steps).toEqual([{ kind: "ip", address: "10.0.0.1" }]);
  });
});

describe("buildDnsChain with a DNS query to a resolver", () => {
  it("does not present the resolver's address as what the domain resolved to", () => {
    const chain = buildDnsChain({ ...EMPTY, kind: "detections", type: "ksp_dns_deny_badware", domain: "update-telemetry.cc", remoteAddress: "10.96.0.10", remotePort: 53, protocol: "udp" });
    expect(chain.steps).toEqual([{ kind: "domain", name: "update-telemetry.cc" }]);
    expect(chain.resolution).toBe("none");
    expect(chain.flow?.remote).toEqual({ address: "10.96.0.10", port: 53, name: null });
  });

  it("still ends a reported chain at the resolved IP", () => {
    const chain = buildDnsChain({ ...EMPTY, dnsNames: ["192.0.2.7", "cdn.example.net", "example.com"], remoteAddress: "10.96.0.10", remotePort: 53 });
    expect(chain.steps.at(-1)).toEqual({ kind: "ip", address: "192.0.2.7" });
    expect(chain.resolution).toBe("reported");
  });
});

describe("verdictOf", () => {
  it("names the policy that blocked a KubeArmor event", () => {
    const v = verdictOf({ type: "network", action: "block", outcome: "denied", policyName: "ksp-block-egress", flags: [] });
    expect(v).toMatchObject({ decision: "blocked", policyName: "ksp-block-egress" });
    expect(v.reason).toBe("Blocked by policy ksp-block-egress (action block, outcome denied)");
  });

  it("treats Garnet drops, kills and a blocked flag as blocked", () => {
    expect(verdictOf({ type: "drop_domain", action: "block", outcome: null, policyName: null, flags: ["blocked"] }).reason).toBe("Blocked by the agent (action block)");
    expect(verdictOf({ type: "x", action: "kill", outcome: "killed", policyName: "tp", flags: [] }).decision).toBe("blocked");
    expect(verdictOf({ type: "x", action: null, outcome: null, policyName: null, flags: ["blocked"] }).decision).toBe("blocked");
  });

  it("tells audited from plainly allowed, with the rule from the flags", () => {
    const audit = verdictOf({ type: "x", action: "detect", outcome: null, policyName: "npm-egress", flags: ["ruleset:ci"] });
    expect(audit).toMatchObject({ decision: "audited", rule: "ci" });
    expect(audit.reason).toBe("Allowed and recorded by policy npm-egress, rule ci (action detect)");
    expect(verdictOf({ type: "flow", action: null, outcome: null, policyName: null, flags: [] }).reason).toBe("Allowed: no block was reported");
  });
});
