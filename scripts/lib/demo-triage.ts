// The demo's triage queue: what a SOC's week leaves behind — issues in every status, some
// assigned, flagged, re-prioritised or commented — made through the same lib/ operations the
// console and the API call, by the demo's analyst and admin.
import type { CallerContext } from "../../lib/auth/context";
import { prisma } from "../../lib/db";
import { assessIssue } from "../../lib/issues/assess";
import { createComment } from "../../lib/issues/comments";
import { updateIssue } from "../../lib/issues/update-issue";

interface Person {
  id: string;
  email: string;
}

function ctxOf(tenantId: string, p: Person): CallerContext {
  return { tenantId, tenantIds: [tenantId], role: "analyst", actor: `user:${p.email}`, userId: p.id };
}

const NOTES = [
  "Checked the parent process: this was started by a **CI step** (`npm ci` post-install hook). Following up with the repo owners.",
  "Confirmed with the platform team: expected behaviour of the backup job.\n\n- runs nightly\n- reads `/etc/shadow` only to verify permissions",
  "Destination is on our threat-intel block list ([report](https://attack.mitre.org/techniques/T1071/)). Host isolated, credentials rotated.",
  "Same binary hash seen on two other nodes last week — see the linked issue before closing.",
];

/** Triage the demo tenant's issues, unless someone already did (any issue past version 1). */
export async function triageDemoQueue(tenantId: string, analyst: Person, admin: Person): Promise<number> {
  const touched = await prisma.issue.count({ where: { tenantId, version: { gt: 1 } } });
  if (touched > 0) return 0;
  const issues = await prisma.issue.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true } });
  const sam = ctxOf(tenantId, analyst);
  const ada = { ...ctxOf(tenantId, admin), role: "admin" as const };
  let done = 0;
  for (const [k, row] of issues.entries()) {
    const id = String(row.id);
    const version = async () => (await prisma.issue.findUniqueOrThrow({ where: { id: row.id }, select: { version: true } })).version;
    const patch = async (ctx: CallerContext, change: Record<string, unknown>) => updateIssue({ ctx, input: { id, ...change, version: await version() } });
    const assess = async (ctx: CallerContext, a: Record<string, unknown>) => assessIssue({ ctx, input: { id, ...a } });
    const note = async (ctx: CallerContext, body: string) => createComment({ ctx, input: { subjectType: "issue", subjectId: id, body } });
    switch (k % 16) {
      case 0:
        await patch(sam, { assigneeId: analyst.id, status: "in_progress" });
        await assess(sam, { enableFlags: ["followup"] });
        await note(sam, NOTES[0]);
        break;
      case 1:
        await patch(ada, { assigneeId: admin.id, priority: "P2" });
        await assess(ada, { enableFlags: ["acknowledged"] });
        break;
      case 2:
        await patch(sam, { assigneeId: analyst.id });
        await assess(sam, { enableFlags: ["identifiedThreat", "acknowledged"], handledByAnalyst: true, comment: "Contained; see the comment for the actions taken." });
        await note(sam, NOTES[2]);
        await patch(sam, { status: "resolved", closeReason: "true_positive" });
        break;
      case 3:
        await assess(sam, { enableFlags: ["falsePositive", "tuningCandidate"] });
        await note(sam, NOTES[1]);
        await patch(sam, { status: "closed", closeReason: "false_positive" });
        break;
      case 4:
        await assess(sam, { enableFlags: ["acknowledged"] });
        break;
      case 5:
        await assess(ada, { enableFlags: ["notAThreat"], handledByAnalyst: true });
        await patch(ada, { status: "resolved", closeReason: "benign_true_positive" });
        break;
      case 6:
        await patch(sam, { assigneeId: analyst.id, priority: "P1" });
        break;
      case 7:
        await assess(ada, { newSeverity: "critical", comment: "Raised: the destination is a known C2 domain." });
        await patch(ada, { priority: "P1" });
        break;
      case 8:
        await note(ada, NOTES[3]);
        await patch(ada, { status: "closed", closeReason: "duplicate" });
        break;
      default:
        continue;
    }
    done += 1;
  }
  return done;
}
