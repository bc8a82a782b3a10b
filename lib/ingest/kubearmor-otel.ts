import { isRecord } from "./adapter-utils";

// KubeArmor records exported by the KubeArmor otel-adapter as OTLP/JSON logs. The adapter puts
// the native fields in the log body (a kvlist) and moves Timestamp into timeUnixNano.

type Rec = Record<string, unknown>;

export interface OtlpRecord {
  /** Native KubeArmor field names → values. */
  fields: Rec;
  /** OTLP timeUnixNano / observedTimeUnixNano, best first. */
  times: unknown[];
  /** Where the record sits in the document, for error messages. */
  where: string;
}

/** OpenTelemetry resource attributes (semantic conventions) that name native KubeArmor fields. */
const RESOURCE_FIELDS: Record<string, string> = {
  "host.name": "HostName", "k8s.cluster.name": "ClusterName", "k8s.namespace.name": "NamespaceName",
  "k8s.pod.name": "PodName", "k8s.node.name": "HostName", "container.id": "ContainerID",
  "container.name": "ContainerName", "container.image.name": "ContainerImage",
};

/** OTLP AnyValue → plain JSON value. */
export function anyValue(v: unknown): unknown {
  if (!isRecord(v)) return undefined;
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("doubleValue" in v) return v.doubleValue;
  // int64 is a JSON string in OTLP/JSON.
  if ("intValue" in v) return typeof v.intValue === "string" ? Number(v.intValue) : v.intValue;
  if ("arrayValue" in v) {
    const values = isRecord(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map(anyValue);
  }
  if ("kvlistValue" in v) return keyValueList(isRecord(v.kvlistValue) ? v.kvlistValue.values : undefined);
  if ("bytesValue" in v) return v.bytesValue;
  return undefined;
}

function keyValueList(list: unknown): Rec {
  const out: Rec = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    // Assigning "__proto__" would swap the object's prototype instead of adding a field.
    if (isRecord(kv) && typeof kv.key === "string" && kv.key !== "__proto__") out[kv.key] = anyValue(kv.value);
  }
  return out;
}

function parseJsonObject(text: string): Rec | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function bodyFields(body: unknown): Rec {
  const value = anyValue(body);
  if (isRecord(value)) return value;
  if (typeof value === "string") return parseJsonObject(value) ?? { Message: value };
  return {};
}

function resourceFields(resource: unknown): Rec {
  const attrs = keyValueList(isRecord(resource) ? resource.attributes : undefined);
  const out: Rec = {};
  for (const [key, name] of Object.entries(RESOURCE_FIELDS)) {
    if (attrs[key] !== undefined && out[name] === undefined) out[name] = attrs[key];
  }
  return out;
}

function toRecord(raw: Rec, defaults: Rec, where: string): OtlpRecord {
  const fields = { ...defaults, ...keyValueList(raw.attributes), ...bodyFields(raw.body) };
  return { fields, times: [raw.timeUnixNano, raw.observedTimeUnixNano], where };
}

/** Native KubeArmor records use PascalCase keys, so none of these can belong to one. */
export function isOtlpLogRecord(item: Rec): boolean {
  return "timeUnixNano" in item || "observedTimeUnixNano" in item || isRecord(item.body) || Array.isArray(item.attributes);
}

export function isOtlpDocument(item: Rec): boolean {
  return "resourceLogs" in item || "scopeLogs" in item || "logRecords" in item;
}

function join(where: string, key: string): string {
  return where ? `${where}.${key}` : key;
}

function listAt(parent: Rec, key: string, where: string): Rec[] | string {
  const list = parent[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) return `"${join(where, key)}" must be an array`;
  const bad = list.findIndex((x) => !isRecord(x));
  return bad >= 0 ? `"${join(where, key)}[${bad}]" must be an object` : (list as Rec[]);
}

function scopeRecords(scope: Rec, defaults: Rec, where: string): OtlpRecord[] | string {
  const logs = listAt(scope, "logRecords", where);
  if (typeof logs === "string") return logs;
  return logs.map((r, i) => toRecord(r, defaults, `${join(where, "logRecords")}[${i}]`));
}

function resourceRecords(rl: Rec, where: string): OtlpRecord[] | string {
  const defaults = resourceFields(rl.resource);
  const scopes = listAt(rl, "scopeLogs", where);
  if (typeof scopes === "string") return scopes;
  const out: OtlpRecord[] = [];
  for (const [i, scope] of scopes.entries()) {
    const records = scopeRecords(scope, defaults, `${join(where, "scopeLogs")}[${i}]`);
    if (typeof records === "string") return records;
    out.push(...records);
  }
  return out;
}

/** Every log record of a resourceLogs document (or a bare scopeLogs / logRecords list), or an error. */
export function otlpRecords(item: Rec): OtlpRecord[] | string {
  if (isOtlpLogRecord(item)) return [toRecord(item, {}, "logRecord")];
  if ("logRecords" in item) return scopeRecords(item, {}, "");
  if ("scopeLogs" in item) return resourceRecords(item, "");
  const resources = listAt(item, "resourceLogs", "");
  if (typeof resources === "string") return resources;
  const out: OtlpRecord[] = [];
  for (const [i, rl] of resources.entries()) {
    const records = resourceRecords(rl, `resourceLogs[${i}]`);
    if (typeof records === "string") return records;
    out.push(...records);
  }
  return out;
}
