import { ciRuns } from "./ci-runs";
import { credentialReads } from "./credential-reads";
import { cryptoMiner } from "./crypto-miner";
import { dnsBadDomains } from "./dns-bad-domains";
import { kubernetes } from "./kubernetes";
import { reverseShell } from "./reverse-shell";
import type { Scenario } from "./types";

export type { Scenario } from "./types";

export const SCENARIOS: Scenario[] = [ciRuns, kubernetes, cryptoMiner, reverseShell, dnsBadDomains, credentialReads];
