import { adaptDatadog } from "./datadog";
import { adaptFalco } from "./falco";
import { adaptGarnet } from "./garnet";
import { adaptKubeArmor } from "./kubearmor";
import { adaptRuntime } from "./runtime";
import { adaptTetragon } from "./tetragon";
import type { Adapter, SourceFormat } from "./types";

export const ADAPTERS: Record<SourceFormat, Adapter> = {
  garnet: adaptGarnet,
  datadog: adaptDatadog,
  kubearmor: adaptKubeArmor,
  runtime: adaptRuntime,
  tetragon: adaptTetragon,
  falco: adaptFalco,
};
