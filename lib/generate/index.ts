import { fleetStories } from "./fleet";
import { RENDERERS, type RenderCtx } from "./formats";
import { withLateArrivals } from "./late";
import type { AgentSpec, Pod, RawEvent, SimEvent } from "./model";
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
export { FLEET_AGENTS, FLEET_CLUSTERS } from "./fleet-pool";
export { MAX_LATENESS_MS } from "./late";

/**
 * `estate`: ~40 agents, 3 clusters, a few dozen pods, the demo's shape (the default).
 * `fleet`: 1,200 agents over 24 clusters, pods that churn (≈ 100k distinct per million events),
 * a long tail of executables and domains, and a bigger rule set (more event types).
 */
export type GenerateShape = "estate" | "fleet";

export interface GenerateOptions {
  count: number;
  /** Occurrence times spread over this many days before `now`. */
  days: number;
  seed: number;
  now?: Date;
  /**
   * Emit events in time order, as agents deliver them live (so they are stored in time order
   * too), instead of story by story at random times over the whole range.
   */
  inTimeOrder?: boolean;
  shape?: GenerateShape;
  /**
   * Share of events (0–1) that arrive late: emitted up to 24 h after they occurred, behind newer
   * events. The others are emitted in time order (a fraction above 0 implies `inTimeOrder`).
   */
  lateFraction?: number;
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
  const late = opts.lateFraction ?? 0;
  if (!(late >= 0 && late <= 1)) throw new RangeError("lateFraction must be between 0 and 1");
  if (opts.shape !== undefined && opts.shape !== "estate" && opts.shape !== "fleet") throw new RangeError("shape must be estate or fleet");
}

export function* generateRawEvents(opts: GenerateOptions): Generator<RawEvent> {
  validate(opts);
  const rng = new Rng(hash32(`vigil-generator-rng:${opts.seed}`));
  const times = new TimeSampler((opts.now ?? new Date()).getTime(), opts.days);
  const world = new World(rng, times.start);
  const ctx: RenderCtx = { idKey: hash32(`vigil-generator:${opts.seed}`) };
  const clamp = (t: number) => times.clamp(t);
  const story = opts.shape === "fleet" ? fleetStories(rng, world, clamp) : estateStories(rng, world, clamp);
  const late = opts.lateFraction ?? 0;
  const inOrder = opts.inTimeOrder || late > 0;
  const ordered = inOrder ? eventsInTimeOrder(opts.count, times, rng, story) : eventsByStory(() => story(() => times.sample(rng)));
  // Lateness draws from its own generator: it delays events of the same stories, it makes no others.
  const stream = late > 0 ? withLateArrivals(ordered, late, new Rng(hash32(`vigil-generator-late:${opts.seed}`))) : ordered;
  let seq = 0;
  for (const ev of stream) {
    if (seq >= opts.count) return;
    ev.seq = seq++;
    yield { format: ev.agent.format, item: RENDERERS[ev.agent.format](ctx, ev) };
  }
}

function estateStories(rng: Rng, world: World, clamp: (t: number) => number): (t0: () => number) => Story {
  const picker = new Picker(rng);
  // t0 is drawn after the scenario, agent, pod and run, so a seed keeps its events.
  return (t0: () => number): Story => {
    const scenario = picker.scenario();
    const agent = picker.agent(scenario);
    const pod = agent.cluster ? picker.pod(scenario, agent) : undefined;
    const ci = scenario.ci && agent.repo ? world.newRun(agent, agent.repo) : undefined;
    const s = new Story({ world, agent, t0: t0(), clamp, pod, ci });
    scenario.run(s);
    return s;
  };
}

function* eventsByStory(next: () => Story): Generator<SimEvent> {
  for (;;) yield* next().events;
}

/**
 * Stories start hour by hour, each hour getting its share of `count` by activity; events are
 * held back until no story started later can precede them, then released in time order.
 */
function* eventsInTimeOrder(count: number, times: TimeSampler, rng: Rng, story: (t0: () => number) => Story): Generator<SimEvent> {
  let pending: SimEvent[] = [];
  let made = 0;
  let share = 0;
  const release = function* (before: number) {
    pending.sort((a, b) => a.time - b.time);
    const cut = pending.findIndex((e) => e.time >= before);
    const ready = cut < 0 ? pending : pending.slice(0, cut);
    pending = cut < 0 ? [] : pending.slice(cut);
    yield* ready;
  };
  const slots = times.hourSlots();
  for (const [i, slot] of slots.entries()) {
    // The last hour takes whatever rounding left, so `count` events are made in all.
    share = i === slots.length - 1 ? count : share + slot.share * count;
    while (made < share) {
      const events = story(() => slot.from + Math.floor(rng.next() * (slot.to - slot.from))).events;
      made += events.length;
      pending.push(...events);
    }
    yield* release(slot.to);
  }
  yield* release(Infinity);
}
