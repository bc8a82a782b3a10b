import type { Permission } from "./roles";

// The server actions' rows of the access table (lib/api/access.ts has the API routes'): every
// exported function of a "use server" file, as `<file>#<export>`, → the permission its caller
// needs. An action names its own row (authAction("app/(console)/…#name", schema, fn)) and
// lib/auth/action.ts enforces it, so the permission is declared here and nowhere else.
// lib/auth/action-access.integration.test.ts finds the action files under app/ and fails on an
// export without a row, a row without an export, or an action that names another's row, then
// calls every action as every kind of caller.

export const SERVER_ACTION_ACCESS = {
  "app/(console)/actions.ts#switchTenant": "read",
  "app/(console)/admin/actions.ts#createAgentTokenAction": "admin",
  "app/(console)/admin/actions.ts#createApiKeyAction": "admin",
  "app/(console)/admin/actions.ts#revokeCredentialAction": "admin",
  "app/(console)/admin/actions.ts#updateTenantSettingsAction": "admin",
  "app/(console)/admin/actions.ts#resetPasswordAction": "admin",
  // Also open to a user whose password an admin reset (authAction's beforePasswordChange).
  "app/(account)/account/actions.ts#changeOwnPasswordAction": "read",
  "app/(console)/dashboard/actions.ts#exploreEventsAction": "read",
  "app/(console)/policies/actions.ts#createPolicyAction": "admin",
  "app/(console)/policies/actions.ts#updatePolicyModeAction": "admin",
  "app/(console)/policies/actions.ts#deletePolicyAction": "admin",
  "app/(console)/policies/actions.ts#createRuleAction": "admin",
  "app/(console)/policies/actions.ts#updateRuleAction": "admin",
  "app/(console)/policies/actions.ts#deleteRulesAction": "admin",
  "app/(console)/rules/actions.ts#importRuleSetsAction": "admin",
  "app/(console)/rules/actions.ts#createRuleSetAction": "admin",
  "app/(console)/rules/actions.ts#addRuleAction": "admin",
  "app/(console)/rules/actions.ts#updateRuleAction": "admin",
  "app/(console)/rules/actions.ts#deleteRuleAction": "admin",
  "app/(console)/rules/actions.ts#deleteRuleSetAction": "admin",
  // A draft changes nothing: analysts tune rules with admins.
  "app/(console)/rules/actions.ts#testRuleAction": "read",
  "app/(console)/rules/actions.ts#startRetroHuntAction": "admin",
  "app/(console)/rules/actions.ts#cancelRetroHuntAction": "admin",
  "app/(console)/rules/actions.ts#listRetroHuntsAction": "read",
} as const satisfies Record<string, Permission>;

export type ServerActionKey = keyof typeof SERVER_ACTION_ACCESS;
