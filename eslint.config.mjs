import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers (ARCHITECTURE.md): app/ → components/ → lib/<domain>/ → lib/db. A layer imports
// only the layers below it. Components may call server actions, which live in app/ by Next's
// convention (`actions.ts` modules); tests may call route handlers.
const UP = "^(@/|(\\.\\./)+|\\./)";
const APP = `${UP}app/`;
const APP_EXCEPT_ACTIONS = `${UP}app/(?!(.*/)?actions(\\.ts)?$)`;
const COMPONENTS = `${UP}components/`;
const DOMAINS = "^(@/lib/|\\.\\./)(?!db(/|$)|env$|errors$|generated/)";

const layer = (files, regexes, message, ignores = []) => ({
  files,
  ignores,
  rules: { "no-restricted-imports": ["error", { patterns: regexes.map((regex) => ({ regex, message })) }] },
});

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];

const config = [
  ...nextVitals,
  ...nextTs,
  layer(["lib/**/*.ts", "lib/**/*.tsx"], [APP, COMPONENTS], "lib/ is the domain: it must not import components/ or app/ (the layers go app → components → lib → lib/db).", TESTS),
  layer(["lib/db.ts", "lib/db/**/*.ts"], [APP, COMPONENTS, DOMAINS], "lib/db is the bottom layer: it imports no domain module.", TESTS),
  layer(
    ["components/**/*.ts", "components/**/*.tsx"],
    [APP_EXCEPT_ACTIONS],
    "components/ must not import app/ (routes), except the server actions of an actions.ts module.",
    TESTS,
  ),
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "lib/generated/**", "test-fixtures/**", "playwright-report/**", "test-results/**", "next-env.d.ts"],
  },
];

export default config;
