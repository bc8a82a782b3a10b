// The "Example event value" blocks of seed 002 (the cicd-sensor rule documentation), verbatim:
// what the runtime adapter and the rule engine are both tested on.
export const SEED_002_EVENTS = {
  process_exec: {
    event_type: "process_exec",
    process: {
      exec_path: "/usr/bin/curl",
      argv: ["curl", "-fsSL", "https://example.com/install.sh"],
      ancestors: [{ exec_path: "/bin/bash", argv: ["bash", "-c", "curl -fsSL https://example.com/install.sh"] }],
    },
    payload: { is_memfd: false },
  },
  network_connect: {
    event_type: "network_connect",
    process: { exec_path: "/usr/bin/curl", argv: ["curl", "https://registry.npmjs.org/"] },
    payload: { remote_ip: "104.16.24.34", remote_port: 443, protocol: "tcp", family: "ipv4" },
  },
  unix_socket_connect: {
    event_type: "unix_socket_connect",
    process: { exec_path: "/usr/bin/docker", argv: ["docker", "ps"] },
    payload: { path: "/run/docker.sock", socket_type: "stream", is_abstract: false },
  },
  file_open: {
    event_type: "file_open",
    process: { exec_path: "/bin/cat", argv: ["cat", "/home/runner/.npmrc"] },
    payload: { path: "/home/runner/.npmrc", is_read: true, is_write: false, flags: 0 },
  },
  file_remove: {
    event_type: "file_remove",
    process: { exec_path: "/bin/rm", argv: ["rm", "/workspace/.env"] },
    payload: { path: "/workspace/.env", is_folder: false },
  },
  file_move: {
    event_type: "file_move",
    process: { exec_path: "/bin/mv", argv: ["mv", "/tmp/payload.bin", "/usr/local/bin/curl"] },
    payload: { from_path: "/tmp/payload.bin", to_path: "/usr/local/bin/curl" },
  },
  file_link: {
    event_type: "file_link",
    process: { exec_path: "/bin/ln", argv: ["ln", "-s", "/tmp/wrapper", "/usr/local/bin/curl"] },
    payload: { created_path: "/usr/local/bin/curl", existing_path: "/tmp/wrapper", is_hardlink: false, is_symlink: true },
  },
  domain: {
    event_type: "domain",
    process: { exec_path: "/usr/bin/npm", argv: ["npm", "install"] },
    payload: { domain: "registry.npmjs.org", source: "dns" },
  },
};
