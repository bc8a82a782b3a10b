import type { AgentSpec, Pod } from "./model";
import { FLEET_AGENTS, instancesOf, jobPod, podAt } from "./fleet-pool";
import { type Rng, cumulative } from "./prng";
import { SCENARIOS, type Scenario } from "./scenarios";
import { batchJob, fleetAttacks, tailActivity } from "./scenarios/fleet";
import { Story } from "./story";
import type { World } from "./world";

// Stories of the fleet shape: the estate's scenarios plus the fleet's own, on the fleet's agents,
// in pods chosen by the story's start time (pods churn, so the time names the pod).

export const FLEET_SCENARIOS: Scenario[] = [...SCENARIOS, tailActivity, batchJob, fleetAttacks];

interface Table<T> {
  items: T[];
  cum: number[];
}

function table<T>(items: T[], weight: (t: T) => number): Table<T> {
  return { items, cum: cumulative(items.map(weight)) };
}

export function fleetStories(rng: Rng, world: World, clamp: (t: number) => number): (t0: () => number) => Story {
  const scenarios = table(FLEET_SCENARIOS, (s) => s.weight);
  const agents = new Map(FLEET_SCENARIOS.map((s) => [s, table(FLEET_AGENTS.filter(s.eligible), (a) => a.weight)]));
  const pod = (s: Scenario, agent: AgentSpec, t: number): Pod | undefined => {
    if (s === batchJob) return jobPod(agent, t, rng);
    const all = instancesOf(agent);
    const wanted = s.pods ? all.filter((i) => s.pods?.(podAt(agent, i, t))) : all;
    const list = wanted.length > 0 ? wanted : all;
    return list.length > 0 ? podAt(agent, rng.pick(list), t) : undefined;
  };
  return (t0) => {
    const scenario = rng.weighted(scenarios.items, scenarios.cum);
    const t = agents.get(scenario) as Table<AgentSpec>;
    const agent = rng.weighted(t.items, t.cum);
    const start = t0();
    const p = agent.cluster ? pod(scenario, agent, start) : undefined;
    const ci = scenario.ci && agent.repo ? world.newRun(agent, agent.repo) : undefined;
    const story = new Story({ world, agent, t0: start, clamp, pod: p, ci });
    scenario.run(story);
    return story;
  };
}
