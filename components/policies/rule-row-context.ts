"use client";

import { createContext, useContext } from "react";
import type { RuleConflict } from "@/lib/policies/match";
import type { NetworkPolicyRuleItem } from "@/lib/policies/schemas";

/** What the rule table's cells need beyond their row: selection, conflicts, the edit form. */
export interface RuleRowContextValue {
  canWrite: boolean;
  isSelected: (id: string) => boolean;
  toggle: (id: string) => void;
  /** Every rule on the page selected (true), some (null) or none (false). */
  pageSelection: boolean | null;
  togglePage: () => void;
  conflictsOf: (id: string) => RuleConflict[] | undefined;
  edit: (rule: NetworkPolicyRuleItem) => void;
}

export const RuleRowContext = createContext<RuleRowContextValue | null>(null);

export function useRuleRow(): RuleRowContextValue {
  const v = useContext(RuleRowContext);
  if (!v) throw new Error("RuleRowContext is missing");
  return v;
}
