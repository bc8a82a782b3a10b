import type { AgentSpec, Pod } from "../model";
import type { Story } from "../story";

export interface Scenario {
  name: string;
  /** Share of stories (not events) this scenario starts. */
  weight: number;
  /** Which agents can host the story. */
  eligible: (agent: AgentSpec) => boolean;
  /** For Kubernetes stories: which of the node's pods the story runs in (falls back to any pod). */
  pods?: (pod: Pod) => boolean;
  /** Whether the story runs inside a fresh CI run on a runner. */
  ci?: boolean;
  run: (story: Story) => void;
}

export const isRunner = (a: AgentSpec): boolean => a.kind === "github";
export const isNode = (a: AgentSpec): boolean => a.kind === "kubernetes";
