// Terraform's values on the wire (docs/plugin-protocol/object-wire-format.md):
// types as compact JSON, values as MessagePack with unknowns as extensions.
import { decode, encode, ExtData, ExtensionCodec } from "@msgpack/msgpack";

/** A Terraform type constraint in the protocol's JSON form. */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", CtyType]
  | readonly ["object", { readonly [name: string]: CtyType }];

/** A value Terraform will decide only during apply. */
export class Unknown {
  static readonly value = new Unknown();
  private constructor() {}
  toJSON(): string {
    return "(known after apply)";
  }
}
export const UNKNOWN = Unknown.value;

/**
 * A value of an attribute typed `dynamic` (DynamicPseudoType, such as
 * kubernetes_manifest's `manifest`), with the concrete type Terraform sent
 * along: on the wire a two-element array of the type's JSON (a MessagePack
 * binary) and the value (cty msgpack/marshal.go marshalDynamic), in state
 * JSON an object `{value, type}` (cty json/marshal.go). The simulator keeps it
 * whole and hands it back as it came.
 */
export class Typed {
  constructor(
    readonly type: string,
    readonly value: Value,
  ) {}
  toJSON(): Value {
    return this.value;
  }
}

/** A decoded value: objects and maps are plain objects, lists and sets arrays. */
export type Value = null | string | number | boolean | Unknown | Typed | Value[] | { [key: string]: Value };

export type ObjectValue = { [key: string]: Value };

export function isObject(value: Value): value is ObjectValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof Typed);
}

export function isUnknown(value: Value): value is Unknown {
  return value instanceof Unknown;
}

/** Whether `value` holds no unknown anywhere. */
export function isWhollyKnown(value: Value): boolean {
  if (isUnknown(value)) return false;
  if (value instanceof Typed) return isWhollyKnown(value.value);
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObject(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

// Unknowns go out in the older form: extension 0 with an ignored payload.
// Terraform may send refined unknowns (extension 12); the documentation says
// to read any extension as unknown, so decoding maps every one to UNKNOWN.
const UNKNOWN_EXTENSION = 0;
const codec = new ExtensionCodec();
codec.register({
  type: UNKNOWN_EXTENSION,
  encode: (input: unknown) => (input instanceof Unknown ? Uint8Array.of(0) : null),
  decode: () => UNKNOWN,
});

function fromWire(raw: unknown): Value {
  if (raw instanceof ExtData || raw instanceof Unknown) return UNKNOWN;
  if (Array.isArray(raw) && raw.length === 2 && raw[0] instanceof Uint8Array) return new Typed(Buffer.from(raw[0]).toString("utf8"), fromWire(raw[1]));
  if (Array.isArray(raw)) return raw.map(fromWire);
  if (raw instanceof Uint8Array) throw new Error("a MessagePack binary value outside a dynamic value");
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw === "object" && raw !== null) {
    const out: ObjectValue = {};
    for (const [key, item] of Object.entries(raw)) out[key] = fromWire(item as unknown);
    return out;
  }
  return raw as Value;
}

export function decodeMsgpack(bytes: Uint8Array): Value {
  return fromWire(decode(bytes, { extensionCodec: codec }));
}

function toWire(value: Value): unknown {
  if (value instanceof Typed) return [Buffer.from(value.type, "utf8"), toWire(value.value)];
  if (Array.isArray(value)) return value.map(toWire);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  return value;
}

export function encodeMsgpack(value: Value): Uint8Array {
  return encode(toWire(value), { extensionCodec: codec });
}

/** A DynamicValue message: MessagePack when Terraform sent it, JSON otherwise. */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

export function decodeDynamic(dynamic: DynamicValue | null | undefined, type: CtyType): Value {
  if (dynamic?.msgpack && dynamic.msgpack.length > 0) return conform(type, decodeMsgpack(dynamic.msgpack));
  if (dynamic?.json && dynamic.json.length > 0) return conform(type, JSON.parse(Buffer.from(dynamic.json).toString("utf8")));
  return null;
}

export function encodeDynamic(value: Value): DynamicValue {
  return { msgpack: encodeMsgpack(value) };
}

/**
 * `value` shaped exactly as `type`: every object attribute present (missing
 * ones null), attributes the type lacks dropped, primitives checked. Used on
 * state JSON written by Terraform and on everything sent back to it.
 */
export function conform(type: CtyType, value: Value, path = "value"): Value {
  if (value === null || value === undefined || isUnknown(value)) return value ?? null;
  if (type === "dynamic") {
    const json = value as { value?: Value; type?: unknown };
    if (isObject(value) && Object.keys(value).sort().join() === "type,value") return new Typed(JSON.stringify(json.type), json.value ?? null);
    return value;
  }
  if (typeof type === "string") {
    const actual = typeof value === "boolean" ? "bool" : typeof value;
    if (actual === type) return value;
    if (type === "string" && (typeof value === "number" || typeof value === "boolean")) return String(value);
    if (type === "number" && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
    if (type === "bool" && (value === "true" || value === "false")) return value === "true";
    throw new TypeError(`${path} is ${JSON.stringify(value)}: expected a ${type}`);
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) throw new TypeError(`${path} is ${JSON.stringify(value)}: expected a ${kind}`);
    return value.map((item, index) => conform(inner as CtyType, item, `${path}[${index}]`));
  }
  if (!isObject(value)) throw new TypeError(`${path} is ${JSON.stringify(value)}: expected a ${kind}`);
  if (kind === "map") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, conform(inner as CtyType, item, `${path}["${key}"]`)]));
  }
  const attributes = inner as { readonly [name: string]: CtyType };
  return Object.fromEntries(
    Object.entries(attributes).map(([name, attributeType]) => [name, conform(attributeType, value[name] ?? null, `${path}.${name}`)]),
  );
}

/** Deep equality of two values; unknown equals only unknown. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof Typed || b instanceof Typed) return a instanceof Typed && b instanceof Typed && a.type === b.type && sameValue(a.value, b.value);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
  }
  return false;
}
