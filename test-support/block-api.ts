import { POST as blockEventRoute } from "../app/api/v1/events/[id]/actions/block/route";
import { POST as previewEventRoute } from "../app/api/v1/events/[id]/actions/block/dry-run/route";
import { POST as blockIssueRoute } from "../app/api/v1/issues/[id]/actions/block/route";
import { POST as previewIssueRoute } from "../app/api/v1/issues/[id]/actions/block/dry-run/route";
import { GET as effectiveRoute } from "../app/api/v1/network-policies/effective/route";
import { callRoute, type Handler } from "./route-call";

// The block actions and the agents' effective policy as their tests call them.

const h = (x: unknown) => x as Handler;

export const blockApi = {
  blockEvent: (token: string, id: string, body: unknown) =>
    callRoute(h(blockEventRoute), "POST", `/events/${id}/actions/block`, { token, body, params: { id } }),
  previewEvent: (token: string, id: string, body: unknown = {}) =>
    callRoute(h(previewEventRoute), "POST", `/events/${id}/actions/block/dry-run`, { token, body, params: { id } }),
  blockIssue: (token: string, id: string, body: unknown) =>
    callRoute(h(blockIssueRoute), "POST", `/issues/${id}/actions/block`, { token, body, params: { id } }),
  previewIssue: (token: string, id: string, body: unknown = {}) =>
    callRoute(h(previewIssueRoute), "POST", `/issues/${id}/actions/block/dry-run`, { token, body, params: { id } }),
  effective: (token: string, query = "", headers?: Record<string, string>) =>
    callRoute(h(effectiveRoute), "GET", `/network-policies/effective${query}`, { token, headers }),
};
