import type { DnsChain, DnsStep, FlowEndpointView, Verdict } from "@/lib/events/dns-chain";
import type { PolicyVerdict } from "@/lib/policies/verdict";
import { PolicyVerdictLine } from "@/components/block/policy-verdict";

// Process → queried domain → CNAMEs → IP → connection → verdict, drawn as one connected row of
// boxes (wrapping on narrow screens). Only what the source reported is drawn.

function Box({ label, children, tone = "neutral", testId }: { label: string; children: React.ReactNode; tone?: "neutral" | "danger" | "warning" | "success"; testId?: string }) {
  const tones = {
    neutral: "border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900",
    danger: "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950/40",
    warning: "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40",
    success: "border-emerald-400 bg-emerald-50 dark:border-emerald-700 dark:bg-emerald-950/30",
  };
  return (
    <li className={`min-w-0 max-w-full rounded-md border px-3 py-2 ${tones[tone]}`} data-testid={testId}>
      <div className="text-[10px] font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="min-w-0">{children}</div>
    </li>
  );
}

function Arrow({ label, dashed = false }: { label: string; dashed?: boolean }) {
  return (
    <li aria-hidden className="flex shrink-0 flex-col items-center px-1 text-zinc-400 dark:text-zinc-500">
      <span className="text-[10px] leading-3">{label}</span>
      <svg viewBox="0 0 48 12" className="h-3 w-12" fill="none" stroke="currentColor" strokeWidth={1.5}>
        <path d="M1 6h44" strokeDasharray={dashed ? "3 3" : undefined} />
        <path d="M40 1l6 5-6 5" />
      </svg>
    </li>
  );
}

function Mono({ children, title }: { children: React.ReactNode; title?: string }) {
  return (
    <span className="block truncate font-mono text-xs" title={title}>
      {children}
    </span>
  );
}

function endpoint(e: FlowEndpointView | null): string {
  if (!e) return "?";
  const host = e.address ?? e.name ?? "?";
  const shown = host.includes(":") && e.port !== null ? `[${host}]` : host;
  return e.port !== null ? `${shown}:${e.port}` : shown;
}

function stepBox(step: DnsStep, i: number) {
  if (step.kind === "ip") {
    return (
      <Box key={`ip-${i}`} label="IP address" testId="dns-step">
        <Mono title={step.address}>{step.address}</Mono>
      </Box>
    );
  }
  return (
    <Box key={`${step.kind}-${i}`} label={step.kind === "domain" ? "Queried domain" : "CNAME"} testId="dns-step">
      <Mono title={step.name}>{step.name}</Mono>
    </Box>
  );
}

function arrowBefore(steps: DnsStep[], i: number, chain: DnsChain) {
  const step = steps[i];
  if (step.kind === "cname") return <Arrow key={`a-${i}`} label="CNAME" />;
  if (step.kind === "ip") return <Arrow key={`a-${i}`} label={chain.resolution === "reported" ? "resolves to" : "not reported"} dashed={chain.resolution !== "reported"} />;
  return null;
}

function VerdictBox({ verdict }: { verdict: Verdict }) {
  const tone = verdict.decision === "blocked" ? "danger" : verdict.decision === "audited" ? "warning" : "success";
  return (
    <Box label="Agent reported" tone={tone} testId="dns-verdict">
      <span className="block font-semibold capitalize">{verdict.decision}</span>
      <span className="block text-xs text-zinc-600 dark:text-zinc-300">{verdict.reason}</span>
    </Box>
  );
}

/** `policy`: what Vigil's policies say now (null: no rule matches); left out where it is not loaded. */
export function DnsChainView({ chain, policy }: { chain: DnsChain; policy?: PolicyVerdict | null }) {
  if (!chain.applicable) {
    return <p className="text-zinc-500 dark:text-zinc-400">This event names no destination: no domain, address or connection.</p>;
  }
  const { process, steps, flow } = chain;
  return (
    <div data-testid="dns-chain">
      <ol className="flex flex-wrap items-center gap-y-2" aria-label="From the process to the destination">
        {process && (
          <Box label="Process">
            <Mono title={process.args ?? process.exe ?? undefined}>
              {process.exe ?? process.comm ?? "unknown"}
              {process.pid !== null && <span className="text-zinc-500"> ({process.pid})</span>}
            </Mono>
          </Box>
        )}
        {process && steps.length > 0 && <Arrow label={steps[0].kind === "domain" ? "asks for" : "connects to"} />}
        {steps.flatMap((s, i) => [arrowBefore(steps, i, chain), stepBox(s, i)])}
        {flow && (
          <>
            {(process || steps.length > 0) && <Arrow label="connection" />}
            <Box label={`Flow${flow.direction ? ` · ${flow.direction}` : ""}`} testId="dns-flow">
              <Mono>
                {flow.protocol ?? "?"} {endpoint(flow.local)} → {endpoint(flow.remote)}
              </Mono>
              {(flow.status || flow.ipVersion) && (
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                  {[flow.ipVersion && `IPv${flow.ipVersion}`, flow.status].filter(Boolean).join(" · ")}
                </span>
              )}
            </Box>
          </>
        )}
        <Arrow label="verdict" />
        <VerdictBox verdict={chain.verdict} />
      </ol>
      {chain.resolution === "not-reported" && (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">The agent reported the domain and the address, not the resolution between them.</p>
      )}
      {policy !== undefined && (
        <div className="mt-3">
          <PolicyVerdictLine verdict={policy} />
        </div>
      )}
    </div>
  );
}
