import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // server-only throws outside a React Server Component bundle; tests call lib/ directly.
      "server-only": path.join(root, "test-support/stubs/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "test-support/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["./test-support/global-setup.ts"],
    // Tests send far more requests per credential than any agent; lib/api/rate-limit tests turn limits on.
    // bcrypt at its lowest cost: the ~150 hashes of the suite cost 40 s of CPU at 12 (docs/security.md).
    env: { VIGIL_RATE_LIMIT: "off", VIGIL_BCRYPT_COST: "4" },
  },
});
