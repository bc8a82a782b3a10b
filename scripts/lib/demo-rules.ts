// The demo's detection rules: a cicd-sensor document in seed 002's format, imported before the
// demo events arrive so that rules match them at ingest as they would in a live SOC. Made through
// the same lib/ operation as the Rules page's import.
import type { CallerContext } from "../../lib/auth/context";
import { prisma } from "../../lib/db";
import { importRuleSets } from "../../lib/rules/import-rule-sets";

interface Person {
  id: string;
  email: string;
}

export const DEMO_RULES = `rule_sets:
  - ruleset_id: vigil/runtime
    rules:
      - rule_id: network_tool_exec
        event_type: process_exec
        condition: |
          process.exec_path.endsWith("/curl") ||
          process.exec_path.endsWith("/wget")
        action: collect
        description: Download tools started; collected for context, not a detection.
      - rule_id: shell_from_web_server
        event_type: process_exec
        condition: |
          (process.exec_path.endsWith("/sh") || process.exec_path.endsWith("/bash")) &&
          process.ancestors.exists(a,
            a.exec_path.endsWith("/nginx") || a.exec_path.endsWith("/php-fpm")
          )
        action: detect
        severity: critical
        description: A web server's worker started a shell, the usual first step of remote code execution.
        tags:
          - mitre:T1190
      - rule_id: exec_from_tmp
        event_type: process_exec
        condition: process.exec_path.startsWith("/tmp/") || process.exec_path.startsWith("/dev/shm/")
        action: terminate
        severity: high
        description: A binary run from a world-writable directory.
        tags:
          - cryptomining
      - rule_id: shadow_read
        event_type: file_open
        condition: path == "/etc/shadow" || path.endsWith("/.aws/credentials")
        action: detect
        severity: high
        description: Password hashes or cloud credentials read.
      - rule_id: miner_pool_port
        event_type: network_connect
        condition: remote_port in [3333, 4444, 5555, 7777, 14444]
        action: detect
        severity: high
        tags:
          - cryptomining
  - ruleset_id: vigil/supply-chain
    rules:
      - rule_id: shell_from_package_manager
        event_type: process_exec
        condition: |
          (process.exec_path.endsWith("/sh") || process.exec_path.endsWith("/bash")) &&
          process.ancestors.exists(parent,
            parent.exec_path.endsWith("/npm") || parent.exec_path.endsWith("/pip")
          )
        action: detect
        severity: medium
        description: A package manager's lifecycle script started a shell.
        tags:
          - supply-chain
      - rule_id: metadata_service
        event_type: network_connect
        condition: inIpRange(remote_ip, "169.254.169.254/32")
        action: detect
        severity: medium
        enabled: false
        description: The cloud metadata service; disabled until the CI runners stop using it.
`;

/** Imports the demo rule sets once (an existing rule set is left as the admin left it). */
export async function seedDemoRules(tenantId: string, admin: Person): Promise<number> {
  if ((await prisma.ruleSet.count({ where: { tenantId } })) > 0) return 0;
  const ctx: CallerContext = {
    tenantId, tenantIds: [tenantId], role: "admin", actor: `user:${admin.email}`, userId: admin.id,
    origin: { via: "cli", address: null, userAgent: null },
  };
  const { ruleSets } = await importRuleSets({ ctx, input: { text: DEMO_RULES, format: "yaml" } });
  return ruleSets.reduce((n, s) => n + s.ruleCount, 0);
}
