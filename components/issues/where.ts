import type { IssueWhereView } from "@/lib/issues/types";

/** Where an issue happens, short for a cell and in full for the hover: agent, workload or CI/CD run. */
export function whereText(w: IssueWhereView): { short: string; full: string } | null {
  if (w.kind === "cicd") {
    const parts = [w.repository, w.workflow].filter(Boolean) as string[];
    return parts.length ? { short: parts.join(" · "), full: [w.repository && `repository ${w.repository}`, w.workflow && `workflow ${w.workflow}`].filter(Boolean).join(", ") } : null;
  }
  if (w.kind === "workload") {
    const parts = [w.cluster, w.namespace, w.workload].filter(Boolean) as string[];
    const full = [w.cluster && `cluster ${w.cluster}`, w.namespace && `namespace ${w.namespace}`, w.workload && `workload ${w.workload}`, w.agent && `agent ${w.agent.name}`];
    return parts.length ? { short: parts.join("/"), full: full.filter(Boolean).join(", ") } : null;
  }
  return w.agent ? { short: w.agent.name, full: `agent ${w.agent.name}` } : null;
}
