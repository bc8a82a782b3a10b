import type { Severity } from "@/lib/events/types";

// One palette for severities everywhere (histogram, badges, dashboards). Mid-tone hues read on
// both the light (white) and the dark (zinc-900) backgrounds.
export const SEVERITY_COLORS: Record<Severity, string> = {
  low: "#64748b", // slate-500
  medium: "#f59e0b", // amber-500
  high: "#ea580c", // orange-600
  critical: "#dc2626", // red-600
};
