import { ValidationError } from "../lib/errors";

/** The ValidationError that `fn` throws; any other outcome fails the test, naming `what`. */
export function validationErrorOf(fn: () => unknown, what = "the call"): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error(`expected ${what} to be refused with a ValidationError`);
}
