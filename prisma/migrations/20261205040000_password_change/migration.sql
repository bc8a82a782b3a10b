-- Passwords (issue 15, section 3): an admin's reset makes the user choose a new password at their
-- next sign-in (must_change_password), and every password change ends the sessions signed in
-- before it (password_changed_at; lib/auth/session.ts compares it with the session's sign-in time).
ALTER TABLE "users"
  ADD COLUMN "must_change_password" boolean NOT NULL DEFAULT false,
  ADD COLUMN "password_changed_at" timestamptz(3);
