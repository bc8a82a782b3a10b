import { SEVERITY_ORDER } from "@/lib/events/fields";
import { severityRank, type Fingerprinted } from "./fingerprint";

// Which issue each event of a batch joins. Pure: the SQL around it (lib/issues/group-events.ts)
// reads the fingerprints' current issues under a lock and writes what this plan says.

export interface Candidate extends Fingerprinted {
  eventId: string;
  occurredAt: string;
  severityRank: number;
  agentId: string | null;
  type: string;
  kind: string;
}

/** The issue of a fingerprint that new events may join. */
export interface CurrentIssue {
  id: string;
  fingerprint: string;
  lastSeenAt: string;
}

export interface NewIssuePlan {
  /** The event that opened it: also how the write finds the new issue's id. */
  openerId: string;
  candidate: Candidate;
  firstSeenAt: string;
  lastSeenAt: string;
  eventCount: number;
  severity: string;
  agentIds: string[];
  /** False for an issue a later group of the same batch already superseded. */
  acceptsEvents: boolean;
}

export interface ExistingIssueDelta {
  issueId: string;
  eventCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
  severityRank: number;
}

export interface GroupingPlan {
  /** Each event with its existing issue, or the opener of its new one. */
  links: { eventId: string; occurredAt: string; severityRank: number; agentId: string | null; issueId: string | null; openerId: string | null }[];
  newIssues: NewIssuePlan[];
  existing: ExistingIssueDelta[];
  /** Current issues that stop taking events: a new issue of their fingerprint opened after the window. */
  superseded: string[];
}

function severityName(rank: number): string {
  return SEVERITY_ORDER[Math.min(Math.max(rank, 1), 4) - 1];
}

/**
 * Walks each fingerprint's events in time order: an event joins the current issue when it
 * happened no later than the window after that issue's last event, else it opens a new issue.
 */
export function planGrouping(candidates: Candidate[], current: CurrentIssue[], windowMs: number): GroupingPlan {
  const currentByFp = new Map(current.map((c) => [c.fingerprint, c]));
  const byFp = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byFp.get(c.fingerprint);
    if (list) list.push(c);
    else byFp.set(c.fingerprint, [c]);
  }
  const plan: GroupingPlan = { links: [], newIssues: [], existing: [], superseded: [] };
  for (const [fp, events] of byFp) {
    const order = (x: string | bigint, y: string | bigint) => (x < y ? -1 : x > y ? 1 : 0);
    events.sort((a, b) => order(a.occurredAt, b.occurredAt) || order(BigInt(a.eventId), BigInt(b.eventId)));
    const existing = currentByFp.get(fp);
    let open: { kind: "existing"; delta: ExistingIssueDelta; last: number } | { kind: "new"; plan: NewIssuePlan; last: number } | null = existing
      ? { kind: "existing", delta: { issueId: existing.id, eventCount: 0, firstSeenAt: "", lastSeenAt: "", severityRank: 0 }, last: Date.parse(existing.lastSeenAt) }
      : null;
    const agents = new Map<NewIssuePlan, Set<string>>();
    for (const e of events) {
      const t = Date.parse(e.occurredAt);
      if (!open || t > open.last + windowMs) {
        if (open?.kind === "existing") plan.superseded.push(open.delta.issueId);
        if (open?.kind === "new") open.plan.acceptsEvents = false;
        const fresh: NewIssuePlan = {
          openerId: e.eventId, candidate: e, firstSeenAt: e.occurredAt, lastSeenAt: e.occurredAt,
          eventCount: 0, severity: "low", agentIds: [], acceptsEvents: true,
        };
        plan.newIssues.push(fresh);
        agents.set(fresh, new Set());
        open = { kind: "new", plan: fresh, last: t };
      }
      open.last = Math.max(open.last, t);
      if (open.kind === "existing") {
        const d = open.delta;
        if (d.eventCount === 0) plan.existing.push(d);
        d.eventCount += 1;
        d.firstSeenAt = d.firstSeenAt === "" || e.occurredAt < d.firstSeenAt ? e.occurredAt : d.firstSeenAt;
        d.lastSeenAt = e.occurredAt > d.lastSeenAt ? e.occurredAt : d.lastSeenAt;
        d.severityRank = Math.max(d.severityRank, e.severityRank);
        plan.links.push({ eventId: e.eventId, occurredAt: e.occurredAt, severityRank: e.severityRank, agentId: e.agentId, issueId: d.issueId, openerId: null });
      } else {
        const p = open.plan;
        p.eventCount += 1;
        p.lastSeenAt = e.occurredAt > p.lastSeenAt ? e.occurredAt : p.lastSeenAt;
        p.severity = severityName(Math.max(severityRank(p.severity), e.severityRank));
        if (e.agentId) agents.get(p)!.add(e.agentId);
        plan.links.push({ eventId: e.eventId, occurredAt: e.occurredAt, severityRank: e.severityRank, agentId: e.agentId, issueId: null, openerId: p.openerId });
      }
    }
    for (const [p, set] of agents) p.agentIds = [...set].sort();
  }
  return plan;
}
