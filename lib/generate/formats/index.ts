import type { Format, SimEvent } from "../model";
import type { Rec, RenderCtx } from "./common";
import { renderDatadog } from "./datadog";
import { renderFalco } from "./falco";
import { renderGarnet } from "./garnet";
import { renderKubeArmor } from "./kubearmor";
import { renderRuntime } from "./runtime";
import { renderTetragon } from "./tetragon";

export type { RenderCtx } from "./common";

export const RENDERERS: Record<Format, (ctx: RenderCtx, ev: SimEvent) => Rec> = {
  garnet: renderGarnet,
  datadog: renderDatadog,
  kubearmor: renderKubeArmor,
  runtime: renderRuntime,
  tetragon: renderTetragon,
  falco: renderFalco,
};
