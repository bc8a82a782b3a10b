import { RENDERERS, type RenderCtx } from "./formats";
import type { AgentSpec, Pod, RawEvent } from "./model";
import { AGENTS, podsOf } from "./pool";
import { Rng, cumulative, hash32 } from "./prng";
import { SCENARIOS, type Scenario } from "./scenarios";
import { Story } from "./story";
import { TimeSampler } from "./time";
import { World } from "./world";

// Deterministic synthetic raw events in the six agent formats, for demo data and load tests.
// Same options → the same events, ids included, so a re-run is a duplicate replay.

export type { Format, RawEvent } from "./model";
export { AGENTS, REPOS } from "./pool";
export { CLUSTERS, NAMESPACES } from "./pool-k8s";

export interface GenerateOptions {
  count: number;
  /** Occurrence times spread over this many days before `now`. */
  days: number;
  seed: number;
  now?: Date;
}

// Busier namespaces get more of the everyday traffic, so facets are skewed like a real estate.
const NAMESPACE_WEIGHT: Record<string, number> = {
  storefront: 3, payments: 2.5, "data-pipeline": 1.5, "ml-jobs": 1, monitoring: 1, "kube-system": 0.6,
};

interface Table<T> {
  items: T[];
  cum: number[];
}

function table<T>(items: T[], weight: (t: T) => number): Table<T> {
  return { items, cum: cumulative(items.map(weight)) };
}

class Picker {
  private readonly scenarios = table(SCENARIOS, (s) => s.weight);
  private readonly agents = new Map<Scenario, Table<AgentSpec>>();
  private readonly pods = new Map<Scenario, Map<AgentSpec, Table<Pod> | null>>();

  constructor(private readonly rng: Rng) {
    for (const s of SCENARIOS) this.agents.set(s, table(AGENTS.filter(s.eligible), (a) => a.weight));
  }

  scenario(): Scenario {
    return this.rng.weighted(this.scenarios.items, this.scenarios.cum);
  }

  agent(s: Scenario): AgentSpec {
    const t = this.agents.get(s) as Table<AgentSpec>;
    return this.rng.weighted(t.items, t.cum);
  }

  pod(s: Scenario, agent: AgentSpec): Pod | undefined {
    let byAgent = this.pods.get(s);
    if (!byAgent) {
      byAgent = new Map();
      this.pods.set(s, byAgent);
    }
    let t = byAgent.get(agent);
    if (t === undefined) {
      const all = podsOf(agent);
      const wanted = s.pods ? all.filter(s.pods) : all;
      const list = wanted.length > 0 ? wanted : all;
      t = list.length > 0 ? table(list, (p) => NAMESPACE_WEIGHT[p.spec.namespace] ?? 1) : null;
      byAgent.set(agent, t);
    }
    return t ? this.rng.weighted(t.items, t.cum) : undefined;
  }
}

function validate(opts: GenerateOptions): void {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new RangeError("count must be a non-negative integer");
  if (!(opts.days > 0) || !Number.isFinite(opts.days)) throw new RangeError("days must be a positive number");
  if (!Number.isFinite(opts.seed)) throw new RangeError("seed must be a finite number");
  if (opts.now && Number.isNaN(opts.now.getTime())) throw new RangeError("now must be a valid date");
}

export function* generateRawEvents(opts: GenerateOptions): Generator<RawEvent> {
  validate(opts);
  const rng = new Rng(hash32(`vigil-generator-rng:${opts.seed}`));
  const times = new TimeSampler((opts.now ?? new Date()).getTime(), opts.days);
  const world = new World(rng, times.start);
  const picker = new Picker(rng);
  const ctx: RenderCtx = { idKey: hash32(`vigil-generator:${opts.seed}`) };
  const clamp = (t: number) => times.clamp(t);
  let seq = 0;
  while (seq < opts.count) {
    const scenario = picker.scenario();
    const agent = picker.agent(scenario);
    const pod = agent.cluster ? picker.pod(scenario, agent) : undefined;
    const ci = scenario.ci && agent.repo ? world.newRun(agent, agent.repo) : undefined;
    const story = new Story({ world, agent, t0: times.sample(rng), clamp, pod, ci });
    scenario.run(story);
    const render = RENDERERS[agent.format];
    for (const ev of story.events) {
      if (seq >= opts.count) return;
      ev.seq = seq++;
      yield { format: agent.format, item: render(ctx, ev) };
    }
  }
}
