import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "@/lib/ingest/adapters";
import { toEventRow } from "@/lib/ingest/event-row";
import type { SourceFormat } from "@/lib/ingest/types";
import { argvOf, ownAncestry, toRuleEvent } from "./map-event";

// Every corpus file of every format through its adapter, the event row and the rule mapping
// (docs/formats.md, "Detection rules"): what each kind of event becomes.

const ROOT = path.join(__dirname, "../../test-fixtures/corpus");
const DIRS: Record<string, SourceFormat> = { garnet: "garnet", "datadog-csm": "datadog", kubearmor: "kubearmor", tetragon: "tetragon", falco: "falco" };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.jsonl?$/.test(p) ? [p] : [];
  });
}

function itemsOf(file: string): unknown[] {
  const text = readFileSync(file, "utf8");
  const parse = (t: string) => {
    try {
      return [JSON.parse(t)];
    } catch {
      return [];
    }
  };
  if (file.endsWith(".jsonl")) return text.split("\n").filter((l) => l.trim()).flatMap(parse);
  return parse(text).flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function mapped(dir: string) {
  const format = DIRS[dir];
  return files(path.join(ROOT, dir)).flatMap((file) =>
    itemsOf(file).flatMap((item) => {
      const r = ADAPTERS[format](item);
      if (!r.ok) return [];
      return r.events.map((e) => {
        const row = toEventRow(format, e, { eventKey: "k", contentHash: "h", agentKey: "a" });
        return { row, rule: toRuleEvent(row) };
      });
    }),
  );
}

const find = (all: ReturnType<typeof mapped>, pred: (x: ReturnType<typeof mapped>[number]) => boolean) => {
  const hit = all.find(pred);
  expect(hit, "no such corpus event").toBeDefined();
  return hit!;
};

describe("stored events of each format as rule events (corpus)", () => {
  it("garnet: a flow is a network_connect with its process and ancestors", () => {
    const all = mapped("garnet");
    const flow = find(all, (x) => x.row.type === "flow" && !!x.row.processExe && !!x.row.protocol);
    expect(flow.rule?.eventType).toBe("network_connect");
    expect(flow.rule?.payload.remote_ip).toBe(flow.row.remoteAddress);
    expect(flow.rule?.payload.remote_port).toBe(BigInt(flow.row.remotePort ?? 0));
    expect(["tcp", "udp"]).toContain(flow.rule?.payload.protocol);
    expect(flow.rule?.process.exec_path).toBe(flow.row.processExe);
    expect(flow.rule?.process.ancestors.length).toBe((flow.row.ancestry as unknown[]).length);
    expect(all.filter((x) => x.row.type === "profile").every((x) => x.rule === null)).toBe(true);
  });

  it("datadog: an exec is a process_exec with the ancestors Datadog sent", () => {
    const exec = find(mapped("datadog-csm"), (x) => x.row.type === "process_exec" && (x.row.ancestry as unknown[] | null)?.length === 6);
    expect(exec.rule?.eventType).toBe("process_exec");
    expect(exec.rule?.process.ancestors).toHaveLength(6);
    expect(exec.rule?.process.ancestors[5].descendants).toHaveLength(5);
    expect(exec.rule?.payload).toEqual({ is_memfd: false });
  });

  it("kubearmor: Process alerts and logs are process_exec, file logs file_open / file_remove, DNS a domain", () => {
    const all = mapped("kubearmor");
    const alert = find(all, (x) => x.row.type === "block_pkg_mgmt_tools_exec");
    expect(alert.rule?.eventType).toBe("process_exec");
    expect(alert.rule?.process.ancestors.length).toBe(1);
    expect(find(all, (x) => x.row.type === "process_exec").rule?.eventType).toBe("process_exec");
    const open = find(all, (x) => x.row.type === "file_open");
    expect(open.rule).toMatchObject({ eventType: "file_open", payload: { path: open.row.filePath, is_read: true } });
    expect(find(all, (x) => x.row.type === "file_unlink").rule?.eventType).toBe("file_remove");
    const dns = find(all, (x) => x.row.type === "dns_query");
    expect(dns.rule).toMatchObject({ eventType: "domain", payload: { domain: dns.row.domain, source: "dns" } });
    // A syscall alert is none of the rule event types.
    expect(find(all, (x) => x.row.type === "default_posture_syscall_setuid").rule).toBeNull();
  });

  it("tetragon: process_exec, process_connect (network_connect), file kprobes", () => {
    const all = mapped("tetragon");
    const exec = find(all, (x) => x.row.type === "process_exec");
    expect(exec.rule?.eventType).toBe("process_exec");
    expect(exec.rule?.process.ancestors).toHaveLength(1);
    expect(find(all, (x) => x.row.type === "process_connect").rule?.eventType).toBe("network_connect");
    expect(find(all, (x) => x.row.type === "process_close").rule).toBeNull();
    expect(find(all, (x) => x.row.type === "kprobe_x64_sys_openat").rule?.eventType).toBe("file_open");
    const write = find(all, (x) => x.row.type === "kprobe_x64_sys_write" && !!x.row.filePath);
    expect(write.rule).toMatchObject({ eventType: "file_open", payload: { is_write: true } });
  });

  it("falco: a shell-history removal is a file_remove", () => {
    const all = mapped("falco");
    expect(find(all, (x) => x.row.type === "delete_or_rename_shell_history").rule?.eventType).toBe("file_remove");
    expect(all.filter((x) => x.row.type === "falco_metrics").every((x) => x.rule === null)).toBe(true);
  });
});

describe("ancestors supplied by the caller (lib/rules/process-ancestry.ts fills them from process nodes)", () => {
  it("a filled `ancestry` is what the rule sees, in place of the bare parent the agent named", () => {
    const falco = find(mapped("falco"), (x) => x.row.type === "delete_or_rename_shell_history").row;
    const row = { ...falco, process: { exe: "/bin/rm", pid: 200, ppid: 100, parent: { pid: 100 } }, ancestry: [{ pid: 100 }] };
    expect(toRuleEvent(row)?.process.ancestors).toEqual([{ exec_path: "", argv: [], descendants: [] }]);
    const supplied = { ...row, ancestry: [{ exe: "/bin/bash", args: "bash -l", pid: 100, ppid: 90 }, { exe: "/usr/sbin/sshd", args: "sshd: root", pid: 90 }] };
    expect(ownAncestry(supplied)).toBe(supplied.ancestry);
    expect(toRuleEvent(supplied)?.process.ancestors).toEqual([
      { exec_path: "/bin/bash", argv: ["bash", "-l"], descendants: [] },
      { exec_path: "/usr/sbin/sshd", argv: ["sshd:", "root"], descendants: [{ exec_path: "/bin/bash", argv: ["bash", "-l"] }] },
    ]);
  });
});

describe("argv of a joined command line", () => {
  it("splits on whitespace; Tetragon's quotes around an argument with spaces are honoured", () => {
    expect(argvOf("curl  -fsSL\thttps://x")).toEqual(["curl", "-fsSL", "https://x"]);
    expect(argvOf('sh -c "echo a b"')).toEqual(["sh", "-c", '"echo', "a", 'b"']);
    expect(argvOf('/usr/sbin/nginx -g "daemon off;"', true)).toEqual(["/usr/sbin/nginx", "-g", "daemon off;"]);
    expect(argvOf('ssh -- 34.116.205.187 "scp -t ~" -v', true)).toEqual(["ssh", "--", "34.116.205.187", "scp -t ~", "-v"]);
    // Tetragon wraps only arguments with a space: other quotes are the argument's own.
    expect(argvOf('echo "x" --opt="a b"', true)).toEqual(["echo", '"x"', '--opt="a', 'b"']);
    expect(argvOf('sh -c "unclosed arg', true)).toEqual(["sh", "-c", '"unclosed', "arg"]);
    expect(argvOf(null, true)).toEqual([]);
  });

  it("tetragon corpus: an argument Tetragon quoted is one argv element", () => {
    const exec = find(mapped("tetragon"), (x) => x.row.type === "process_exec" && /"daemon off;"/.test(x.row.processArgs ?? ""));
    expect(exec.rule?.process.argv).toContain("daemon off;");
  });
});
