// How a policy verdict reads at a glance. Pure: tested in policy-tone.test.ts.
import type { PolicyVerdict } from "@/lib/policies/verdict";
import type { ChipTone } from "@/components/event-detail/chip";

/** A deny that is enforced reads as a block (red), a deny only logged as a warning (amber), an allow as fine. */
export function policyTone(v: Pick<PolicyVerdict, "action" | "mode"> | null): ChipTone {
  if (!v) return "neutral";
  if (v.action === "allow") return "success";
  return v.mode === "enforce" ? "danger" : "warning";
}

/** The header's short form: "policy: denied" / "policy: deny logged" / "policy: allowed". */
export function policyChipText(v: Pick<PolicyVerdict, "action" | "mode">): string {
  if (v.action === "allow") return "policy: allowed";
  return v.mode === "enforce" ? "policy: denied" : "policy: deny logged";
}
