import type { DnsAnswer } from "./model";

// DNS resolution tables. A chain is written the way a resolver walks it:
// domain → CNAME_1 → … → CNAME_N → one of the IPs. `answer()` turns it into Garnet order.

interface Chain {
  cnames: string[];
  ips: string[];
  port: number;
}

const BENIGN: Record<string, Chain> = {
  "registry.npmjs.org": { cnames: [], ips: ["104.16.24.34", "104.16.25.34", "104.16.27.34"], port: 443 },
  "github.com": { cnames: [], ips: ["140.82.112.3", "140.82.112.4", "140.82.113.3"], port: 443 },
  "api.github.com": { cnames: [], ips: ["140.82.112.6", "140.82.113.5"], port: 443 },
  "objects.githubusercontent.com": { cnames: [], ips: ["185.199.108.133", "185.199.109.133", "185.199.111.133"], port: 443 },
  "codeload.github.com": { cnames: [], ips: ["140.82.114.9"], port: 443 },
  "pypi.org": { cnames: ["dualstack.python.map.fastly.net"], ips: ["151.101.0.223", "151.101.64.223"], port: 443 },
  "files.pythonhosted.org": { cnames: ["dualstack.python.map.fastly.net"], ips: ["151.101.128.223", "151.101.192.223"], port: 443 },
  "images.unsplash.com": {
    cnames: ["unsplash.imgix.net", "dualstack.com.imgix.map.fastly.net"],
    ips: ["146.75.94.208", "151.101.2.208"],
    port: 443,
  },
  "api.stripe.com": { cnames: [], ips: ["54.187.174.169", "54.187.205.235"], port: 443 },
  "hooks.slack.com": { cnames: [], ips: ["34.226.36.52", "52.5.154.243"], port: 443 },
  "s3.eu-west-1.amazonaws.com": { cnames: ["s3-r-w.eu-west-1.amazonaws.com"], ips: ["52.218.100.42", "3.5.70.131"], port: 443 },
  "sqs.eu-west-1.amazonaws.com": { cnames: [], ips: ["52.95.112.40"], port: 443 },
  "huggingface.co": { cnames: [], ips: ["18.164.174.118", "18.164.174.23"], port: 443 },
  "cdn-lfs.huggingface.co": { cnames: ["d3e8mqbb3ohhqk.cloudfront.net"], ips: ["18.164.174.55"], port: 443 },
  "grafana.com": { cnames: [], ips: ["34.120.177.193"], port: 443 },
  "ghcr.io": { cnames: [], ips: ["140.82.121.34"], port: 443 },
  "pkg-containers.githubusercontent.com": { cnames: [], ips: ["185.199.110.154"], port: 443 },
  "nodejs.org": { cnames: [], ips: ["104.20.22.46", "104.20.23.46"], port: 443 },
  "sonarcloud.io": { cnames: ["sonarcloud.io.cdn.cloudflare.net"], ips: ["104.18.21.78"], port: 443 },
  "api.codecov.io": { cnames: ["codecov.io.cdn.cloudflare.net"], ips: ["104.22.64.202"], port: 443 },
  "kubernetes.default.svc.cluster.local": { cnames: [], ips: ["10.96.0.1"], port: 443 },
  "catalog-php.storefront.svc.cluster.local": { cnames: [], ips: ["10.96.41.17"], port: 9000 },
};

// Attacker infrastructure lives in documentation ranges (RFC 5737) so no real party is implicated.
const BAD: Record<string, Chain & { category: "miner" | "threat" | "dyndns" | "badware" }> = {
  "pool.minexmr.com": {
    cnames: ["pool-eu.minexmr.com", "lb-3.minexmr-pool.net"],
    ips: ["203.0.113.44", "203.0.113.45"],
    port: 4444,
    category: "miner",
  },
  "xmr-eu1.nanopool.org": { cnames: ["eu1.nanopool-edge.net"], ips: ["203.0.113.71"], port: 14444, category: "miner" },
  "gulf.moneroocean.stream": {
    cnames: ["mo-gulf.stream-edge.net", "anycast-7.mo-lb.net", "edge-fra.mo-lb.net"],
    ips: ["198.51.100.23"],
    port: 10128,
    category: "miner",
  },
  "c2-update.duckdns.org": { cnames: [], ips: ["198.51.100.77"], port: 443, category: "dyndns" },
  "x7k2-relay.ddns.net": { cnames: ["x7k2-relay.no-ip-edge.net"], ips: ["198.51.100.140"], port: 8443, category: "dyndns" },
  "paste-upload.top": {
    cnames: ["cdn.paste-upload.top", "edge-17.bulletproof-cdn.ru"],
    ips: ["192.0.2.150", "192.0.2.151"],
    port: 443,
    category: "threat",
  },
  "npm-registry-mirror.xyz": {
    cnames: ["mirror.npm-registry-mirror.xyz", "static-9.cheap-cdn.biz", "node-4.cheap-cdn.biz"],
    ips: ["192.0.2.33"],
    port: 443,
    category: "badware",
  },
  "update-telemetry.cc": { cnames: ["t1.update-telemetry.cc"], ips: ["192.0.2.201"], port: 8080, category: "badware" },
};

export const BENIGN_DOMAINS = Object.keys(BENIGN);
export const MINER_DOMAINS = Object.keys(BAD).filter((d) => BAD[d].category === "miner");
export const BAD_DOMAINS = Object.keys(BAD).filter((d) => BAD[d].category !== "miner");

/** Attacker listeners for reverse shells. */
export const REVERSE_SHELL_ENDPOINTS: Array<{ ip: string; port: number }> = [
  { ip: "203.0.113.9", port: 4444 },
  { ip: "198.51.100.201", port: 9001 },
  { ip: "192.0.2.66", port: 443 },
  { ip: "203.0.113.120", port: 1337 },
];

export function badCategory(domain: string): "miner" | "threat" | "dyndns" | "badware" | undefined {
  return BAD[domain]?.category;
}

export function servicePort(domain: string): number {
  return (BENIGN[domain] ?? BAD[domain])?.port ?? 443;
}

/** Resolves `domain`; `pickIndex` chooses among the final IPs. Unknown domains resolve to a stable TEST-NET address. */
export function answer(domain: string, pickIndex: number): DnsAnswer {
  const chain = BENIGN[domain] ?? BAD[domain];
  if (!chain) return { domain, names: ["192.0.2.1", domain], ip: "192.0.2.1" };
  const ip = chain.ips[pickIndex % chain.ips.length];
  const names = [ip];
  for (let i = chain.cnames.length - 1; i >= 0; i--) names.push(chain.cnames[i]);
  names.push(domain);
  return { domain, names, ip };
}
