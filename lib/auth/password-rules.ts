// What a new password must be, as numbers a form can show. Pure: safe in client components.
// The rules themselves (lengths, the list of common passwords) are NewPassword in ./passwords.ts.

/** Characters (Unicode code points), as NIST SP 800-63B counts them. */
export const PASSWORD_MIN_LENGTH = 12;
/** bcrypt reads the first 72 bytes and ignores the rest: a longer password is refused rather than cut silently. */
export const PASSWORD_MAX_BYTES = 72;

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters (at most ${PASSWORD_MAX_BYTES} bytes), and not a commonly used password. A few unrelated words make a good one.`;
