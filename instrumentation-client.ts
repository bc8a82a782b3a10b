// Runs in the browser before any module of the app. The CSP allows no eval; zod compiles object
// parsers with `new Function` where eval works, and its probe for that alone is reported as a CSP
// violation. Without the JIT it parses the same, by walking the schema.
import { z } from "zod";

z.config({ jitless: true });
