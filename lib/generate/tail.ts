import type { DnsAnswer } from "./model";
import { answer } from "./domains";
import { type Rng, cumulative, hash32, stableHex } from "./prng";

// The long tail of a fleet: executables and domains ranked Zipf-like, so a few are everywhere and
// tens of thousands show up a handful of times. Rank → name is a pure function of the rank.

/** Ranks 1…n with P(r) ∝ 1 / r^s. */
export class Zipf {
  private readonly cum: number[];

  constructor(n: number, s: number) {
    this.cum = cumulative(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s)));
  }

  /** A rank from 0 (the most frequent) to n − 1. */
  sample(rng: Rng): number {
    const r = rng.next() * this.cum[this.cum.length - 1];
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const WORDS = [
  "agent", "api", "audit", "backup", "batch", "billing", "broker", "cache", "cart", "catalog", "checkout", "cleanup", "collector",
  "config", "consumer", "cron", "data", "deploy", "dispatch", "edge", "events", "export", "feed", "fetch", "gateway", "geo", "graph",
  "health", "import", "index", "ingest", "inventory", "invoice", "ledger", "loader", "metrics", "migrate", "mailer", "notify", "orders",
  "payments", "pricing", "profile", "proxy", "queue", "ranker", "relay", "report", "resize", "rollup", "router", "scheduler", "search",
  "session", "shipping", "signer", "sync", "tax", "thumbnail", "token", "tracker", "transcode", "uploader", "users", "vault", "watcher",
  "webhook", "worker",
] as const;

// Real tools seen on Linux hosts and in images, the head of the executable distribution.
const TOOLS = [
  "/usr/bin/curl", "/bin/sh", "/usr/bin/python3", "/bin/bash", "/usr/bin/wget", "/bin/cat", "/bin/ls", "/usr/bin/find", "/bin/grep",
  "/usr/bin/awk", "/bin/sed", "/usr/bin/tar", "/bin/gzip", "/usr/bin/openssl", "/usr/bin/jq", "/usr/bin/git", "/usr/bin/ssh",
  "/usr/bin/scp", "/usr/bin/rsync", "/usr/bin/nc", "/usr/bin/dig", "/usr/bin/nslookup", "/bin/ps", "/usr/bin/top", "/bin/df",
  "/usr/bin/du", "/usr/bin/stat", "/usr/bin/tee", "/usr/bin/xargs", "/usr/bin/sort", "/usr/bin/uniq", "/usr/bin/head",
  "/usr/bin/tail", "/usr/bin/date", "/usr/bin/env", "/usr/bin/id", "/bin/uname", "/usr/bin/whoami", "/usr/bin/sleep", "/bin/mkdir",
  "/bin/rm", "/bin/cp", "/bin/mv", "/bin/chmod", "/bin/chown", "/usr/bin/ldd", "/usr/sbin/ip", "/usr/sbin/ss", "/usr/bin/netstat",
  "/usr/bin/crontab", "/usr/sbin/logrotate", "/usr/bin/aws", "/usr/local/bin/kubectl", "/usr/local/bin/helm", "/usr/bin/psql",
  "/usr/bin/mysql", "/usr/bin/redis-cli", "/usr/local/bin/mc", "/usr/bin/pg_dump", "/usr/local/bin/gsutil", "/usr/bin/perl",
  "/usr/bin/ruby", "/usr/local/bin/go", "/usr/bin/java", "/usr/local/bin/node", "/usr/bin/make", "/usr/bin/gcc", "/usr/bin/unzip",
  "/usr/bin/base64", "/usr/bin/sha256sum", "/usr/bin/timeout", "/usr/bin/nice", "/usr/bin/flock", "/usr/sbin/sshd",
] as const;

const VENDORS = ["acme", "datadog", "newrelic", "elastic", "vector", "fluent-bit", "otel", "consul", "vault", "envoy", "istio", "linkerd"] as const;

function word(label: string, salt: number): string {
  return WORDS[hash32(label, salt) % WORDS.length];
}

/** The executable of tail rank r (0-based): real tools first, then the fleet's own binaries and scripts. */
export function tailExe(r: number): string {
  if (r < TOOLS.length) return TOOLS[r];
  const label = `exe/${r}`;
  const a = word(label, 1);
  const b = word(label, 2);
  switch (hash32(label) % 6) {
    case 0:
      return `/usr/local/bin/${a}-${b}`;
    case 1:
      return `/opt/${VENDORS[hash32(label, 3) % VENDORS.length]}/bin/${a}-${b}`;
    case 2:
      return `/app/bin/${a}-${b}-${r % 97}`;
    case 3:
      return `/app/node_modules/.bin/${a}-${b}`;
    case 4:
      return `/tmp/go-build${100_000_000 + (hash32(label, 4) % 900_000_000)}/b001/exe/${a}${b}`;
    default:
      return `/srv/scripts/${a}_${b}_${stableHex(label, 6)}.sh`;
  }
}

export function tailArgv(exe: string, rng: Rng): string[] {
  const name = exe.slice(exe.lastIndexOf("/") + 1);
  if (exe.endsWith(".sh")) return ["/bin/sh", exe];
  const flag = rng.pick(["--once", "-v", "--config=/etc/app/config.yaml", "--dry-run=false", "run", "sync", "--since=1h", "status"]);
  return [name, flag];
}

// Popular real destinations, the head of the domain distribution (resolved like the estate's).
const HEAD_DOMAINS = [
  "registry.npmjs.org", "github.com", "api.github.com", "objects.githubusercontent.com", "pypi.org", "files.pythonhosted.org",
  "api.stripe.com", "hooks.slack.com", "s3.eu-west-1.amazonaws.com", "sqs.eu-west-1.amazonaws.com", "huggingface.co", "ghcr.io",
  "registry-1.docker.io", "auth.docker.io", "production.cloudflare.docker.com", "dl-cdn.alpinelinux.org", "deb.debian.org",
  "security.ubuntu.com", "archive.ubuntu.com", "proxy.golang.org", "sum.golang.org", "repo1.maven.org", "rubygems.org",
  "index.crates.io", "static.crates.io", "oauth2.googleapis.com", "storage.googleapis.com", "sts.amazonaws.com",
  "api.datadoghq.com", "sentry.io", "api.segment.io", "api.twilio.com", "login.microsoftonline.com", "graph.microsoft.com",
] as const;

const TLDS = ["com", "io", "net", "dev", "cloud", "co", "app"] as const;

/** The domain of tail rank r (0-based). */
export function tailDomain(r: number): string {
  if (r < HEAD_DOMAINS.length) return HEAD_DOMAINS[r];
  const label = `domain/${r}`;
  const a = word(label, 1);
  const b = word(label, 2);
  switch (hash32(label) % 5) {
    case 0:
      return `${a}-${b}.${TLDS[hash32(label, 3) % TLDS.length]}`;
    case 1:
      return `api.${a}${b}.${TLDS[hash32(label, 3) % TLDS.length]}`;
    case 2:
      return `${a}-${b}-${stableHex(label, 6)}.s3.amazonaws.com`;
    case 3:
      return `${a}.${b}-${r % 50}.svc.cluster.local`;
    default:
      return `o${100_000 + (hash32(label, 4) % 900_000)}.ingest.sentry.io`;
  }
}

/** Tail domains resolve to a stable address of their own; the head resolves through the estate's tables. */
export function tailAnswer(domain: string, pick: number): DnsAnswer {
  const known = answer(domain, pick);
  if (known.ip !== "192.0.2.1") return known;
  const h = hash32(`resolve/${domain}`);
  const ip = domain.endsWith(".cluster.local") ? `10.96.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}` : `${[34, 35, 52, 54, 104, 151][h % 6]}.${(h >>> 8) & 0xff}.${(h >>> 16) & 0xff}.${(h & 0xfd) + 2}`;
  return { domain, names: [ip, domain], ip };
}
