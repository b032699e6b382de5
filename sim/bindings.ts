// Derives provider schemas from the installed prebuilt bindings
// (@cdktf/provider-*), so the simulator's schemas are the ones the stacks were
// written against, never typed by hand. The bindings are generated code with a
// fixed shape, read here in three places:
//   - each class's synthesizeHclAttributes() and each struct's
//     <struct>ToHclTerraform(): every configurable attribute and block, with
//     its Terraform name, whether it is a block, its collection kind and its
//     element type;
//   - getters without setters on the resource and OutputReference classes:
//     the computed-only attributes, with their Terraform names;
//   - the .d.ts interfaces: which arguments are optional, and their
//     descriptions (the provider's own documentation text).
// What the bindings do not record is written down in sim/README.md.
import { readdirSync, readFileSync, statSync } from "fs";
import { dirname, join } from "path";
import { CtyType } from "./cty";
import { Attribute, Block, blockType, NestedBlock, ProviderSchemas } from "./schema";

/** The type has no bindings, or the bindings have a shape this reader does not know. */
export class BindingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BindingsError";
  }
}

type Exports = Record<string, any>;

interface DocumentedProperty {
  readonly optional: boolean;
  readonly description: string;
}

/** One generated module (lib/<name>): its exports and the interfaces of its .d.ts files. */
class BindingModule {
  private interfaces?: Map<string, Map<string, DocumentedProperty>>;

  constructor(
    readonly dir: string,
    readonly exports: Exports,
  ) {}

  /** The properties of `interfaceName` as the .d.ts declares them. */
  properties(interfaceName: string): Map<string, DocumentedProperty> {
    this.interfaces ??= readInterfaces(this.dir);
    const found = this.interfaces.get(interfaceName);
    if (!found) throw new BindingsError(`${this.dir} declares no interface ${interfaceName}`);
    return found;
  }

  export(name: string): any {
    const value = this.exports[name];
    if (value === undefined) throw new BindingsError(`${this.dir} exports no ${name}`);
    return value;
  }
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return declarationFiles(path);
    return entry.endsWith(".d.ts") ? [path] : [];
  });
}

const interfacePattern = /^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm;
const propertyPattern = /(?:\/\*\*([\s\S]*?)\*\/\s*)?readonly (\w+)(\?)?:/g;

function readInterfaces(dir: string): Map<string, Map<string, DocumentedProperty>> {
  const interfaces = new Map<string, Map<string, DocumentedProperty>>();
  for (const file of declarationFiles(dir)) {
    for (const [, name, body] of readFileSync(file, "utf8").matchAll(interfacePattern)) {
      const properties = new Map<string, DocumentedProperty>();
      for (const [, doc, property, optional] of body.matchAll(propertyPattern)) {
        properties.set(property, { optional: optional === "?", description: describe(doc) });
      }
      interfaces.set(name, properties);
    }
  }
  return interfaces;
}

/** A JSDoc comment as plain text, without the generator's registry link and notes. */
function describe(doc: string): string {
  return doc
    .split("\n")
    .map((line) => line.replace(/^\s*\*\s?/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("Docs at Terraform Registry:"))
    .join(" ")
    .replace(/\s*Please be aware that the id field .*$/, "")
    .trim();
}

/** One entry of a synthesizeHclAttributes()/ToHclTerraform() object literal. */
interface HclEntry {
  readonly name: string;
  /** The TypeScript property the value comes from. */
  readonly property: string;
  readonly isBlock: boolean;
  readonly kind: "simple" | "list" | "set" | "map" | "struct";
  readonly storageClassType: string;
  /** The struct converter the value goes through (a nested object), if any. */
  readonly struct?: string;
  /** Whether the value is a collection of structs (listMapperHcl) rather than one. */
  readonly many: boolean;
}

const entryPattern =
  /(\w+): \{\s*value: (.*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;

function hclEntries(source: string, where: string): HclEntry[] {
  const entries: HclEntry[] = [];
  for (const [, name, value, isBlock, kind, storageClassType] of source.matchAll(entryPattern)) {
    const property = /(?:struct|this)\._?(\w+)(?:\.internalValue)?\)$/.exec(value)?.[1];
    if (!property) throw new BindingsError(`${where}: cannot read the value of ${name}: ${value}`);
    if (!["simple", "list", "set", "map", "struct"].includes(kind)) {
      throw new BindingsError(`${where}: ${name} has collection kind "${kind}", which the simulator does not know`);
    }
    const converters = [...value.matchAll(/(?<!cdktf\.)\b([a-z]\w*)ToHclTerraform\b/g)].map((match) => match[1]);
    if (converters.length > 1 || (value.match(/listMapperHcl|hashMapperHcl/g) ?? []).length > 1) {
      throw new BindingsError(`${where}: ${name} is a nested collection (${value}), which the simulator does not know`);
    }
    entries.push({
      name,
      property,
      isBlock: isBlock === "true",
      kind: kind as HclEntry["kind"],
      storageClassType,
      struct: converters[0] ? converters[0][0].toUpperCase() + converters[0].slice(1) : undefined,
      many: value.includes("listMapperHcl("),
    });
  }
  return entries;
}

const primitives: Record<string, CtyType> = { string: "string", number: "number", boolean: "bool" };

/** The type of a configurable attribute that holds no struct. */
function plainType(entry: HclEntry, where: string): CtyType {
  const { kind, storageClassType } = entry;
  if (kind === "simple" && primitives[storageClassType]) return primitives[storageClassType];
  const element = /^(string|number|boolean)(List|Map)$/.exec(storageClassType);
  if (element && (kind === "list" || kind === "set") && element[2] === "List") return [kind, primitives[element[1]]];
  if (element && kind === "map" && element[2] === "Map") return ["map", primitives[element[1]]];
  // An attribute of any type (kubernetes_resource's `object`, DynamicPseudoType in the provider).
  if (kind === "map" && storageClassType === "anyMap") return "dynamic";
  throw new BindingsError(`${where}: ${entry.name} is stored as ${kind}/${storageClassType}, which the simulator does not know`);
}

/** How a getter without a setter reads its attribute. */
const getterReaders: Record<string, CtyType> = {
  getStringAttribute: "string",
  getNumberAttribute: "number",
  getBooleanAttribute: "bool",
  getListAttribute: ["list", "string"],
  getNumberListAttribute: ["list", "number"],
  getStringMapAttribute: ["map", "string"],
  getNumberMapAttribute: ["map", "number"],
  getBooleanMapAttribute: ["map", "bool"],
};

const complexClasses: Record<string, CtyType> = {
  StringMap: ["map", "string"],
  NumberMap: ["map", "number"],
  BooleanMap: ["map", "bool"],
  StringMapList: ["list", ["map", "string"]],
  NumberMapList: ["list", ["map", "number"]],
  BooleanMapList: ["list", ["map", "bool"]],
};

/** Names of a class's own getters that have no setter, except cdktf's input mirrors. */
function readOnlyGetters(cls: Function): string[] {
  return Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))
    .filter(([name, descriptor]) => descriptor.get && !descriptor.set && !name.endsWith("Input"))
    .map(([name]) => name);
}

/**
 * The computed-only attributes of a class: each getter that has no setter and
 * whose Terraform name is not configurable (`configurable` holds those).
 */
function computedAttributes(module: BindingModule, cls: Function, configurable: Set<string>): Record<string, Attribute> {
  const where = `${module.dir} ${cls.name}`;
  const classSource = cls.toString();
  const out: Record<string, Attribute> = {};
  for (const getter of readOnlyGetters(cls)) {
    const body = Object.getOwnPropertyDescriptor(cls.prototype, getter)!.get!.toString();
    let name: string;
    let type: CtyType;
    // The generator wraps the reader of a set of primitives in Fn.tolist (and a number set in Token.asNumberList too).
    const read = /return (?:cdktf\.Token\.asNumberList\()?(cdktf\.Fn\.tolist\()?this\.(get\w+Attribute)\('(\w+)'\)\)?\)?;/.exec(body);
    const field = /return this\._(\w+);/.exec(body);
    if (read) {
      name = read[3];
      if (configurable.has(name)) continue;
      const readType = getterReaders[read[2]];
      if (!readType) throw new BindingsError(`${where}: ${getter} reads ${read[2]}, which the simulator does not know`);
      const isSet = read[1] !== undefined;
      if (isSet && !(Array.isArray(readType) && readType[0] === "list")) {
        throw new BindingsError(`${where}: ${getter} converts ${read[2]} to a set, which the simulator does not know`);
      }
      type = isSet ? ["set", (readType as readonly ["list", CtyType])[1]] : readType;
    } else if (field) {
      const made = new RegExp(`this\\._${field[1]} = new (?:\\(0, )?([\\w.]+?)\\)?\\(this, "(\\w+)"(?:, (true|false))?\\);`).exec(classSource);
      if (!made) throw new BindingsError(`${where}: cannot find how ${getter} is made`);
      name = made[2];
      if (configurable.has(name)) continue;
      type = complexType(module, made[1].replace(/^.*\./, ""), made[3] === "true", where);
    } else {
      throw new BindingsError(`${where}: getter ${getter} has a shape the simulator does not know: ${body}`);
    }
    out[name] = { type, required: false, optional: false, computed: true, description: "" };
  }
  return out;
}

/** The type of a computed-only complex attribute made as `new <className>(...)`. */
function complexType(module: BindingModule, className: string, wrapsSet: boolean, where: string): CtyType {
  if (complexClasses[className]) return complexClasses[className];
  const list = /^(\w+)List$/.exec(className);
  if (list) return [wrapsSet ? "set" : "list", blockType(structBlock(module, list[1]))];
  const single = /^(\w+)OutputReference$/.exec(className);
  if (single) return blockType(structBlock(module, single[1]));
  throw new BindingsError(`${where}: computed attribute made as ${className}, which the simulator does not know`);
}

/**
 * A block from its configurable entries (with the .d.ts interface that says
 * which are optional) and its computed-only getters.
 *
 * The bindings say whether an argument is optional, but not whether it is also
 * computed (the generator's "computed: true, optional: true" comment does not
 * survive compilation for plain attributes). The simulator treats every
 * optional argument as optional and computed: Terraform then accepts any value
 * the provider chooses when the configuration leaves it out, as it does for the
 * provider's own optional+computed arguments.
 */
function buildBlock(
  module: BindingModule,
  entries: HclEntry[],
  interfaceName: string,
  cls: Function | undefined,
  optionalIsComputed = true,
): Block {
  const where = `${module.dir} ${interfaceName}`;
  const declared = module.properties(interfaceName);
  const attributes: Record<string, Attribute> = {};
  const blocks: Record<string, NestedBlock> = {};
  for (const entry of entries) {
    const property = declared.get(entry.property);
    if (!property) throw new BindingsError(`${where}: ${entry.name} comes from ${entry.property}, which the interface does not declare`);
    const required = !property.optional;
    if (entry.isBlock) {
      if (!entry.struct) throw new BindingsError(`${where}: block ${entry.name} has no struct converter`);
      const block = structBlock(module, entry.struct, optionalIsComputed);
      if (entry.kind === "struct") {
        blocks[entry.name] = { nesting: "single", block, minItems: 0, maxItems: 0 };
      } else if (entry.kind === "list" || entry.kind === "set") {
        blocks[entry.name] = { nesting: entry.kind, block, minItems: required ? 1 : 0, maxItems: entry.many ? 0 : 1 };
      } else {
        throw new BindingsError(`${where}: block ${entry.name} has collection kind ${entry.kind}, which the simulator does not know`);
      }
      continue;
    }
    let type: CtyType;
    if (entry.struct) {
      const inner = blockType(structBlock(module, entry.struct, optionalIsComputed));
      type = entry.kind === "struct" ? inner : entry.kind === "list" || entry.kind === "set" ? [entry.kind, inner] : ["map", inner];
    } else {
      type = plainType(entry, where);
    }
    const computed = !required && optionalIsComputed;
    attributes[entry.name] = { type, required, optional: !required, computed, description: property.description };
  }
  if (cls) {
    const configurable = new Set(entries.map((entry) => entry.name));
    Object.assign(attributes, computedAttributes(module, cls, configurable));
  }
  return { attributes, blocks };
}

/** The block of struct `name`: its converter's entries plus its OutputReference's computed getters. */
function structBlock(module: BindingModule, name: string, optionalIsComputed = true): Block {
  const converter = module.exports[`${name[0].toLowerCase()}${name.slice(1)}ToHclTerraform`];
  const entries = converter ? hclEntries(converter.toString(), `${module.dir} ${name}`) : [];
  const reference = module.exports[`${name}OutputReference`];
  if (!converter && !reference) throw new BindingsError(`${module.dir} has neither a converter nor an OutputReference for ${name}`);
  return buildBlock(module, entries, name, reference, optionalIsComputed);
}

/** The generated class of a resource, data source or provider: the export with that tfResourceType. */
function findClass(module: BindingModule, tfResourceType: string): Function {
  const found = Object.values(module.exports).find(
    (value) => typeof value === "function" && value.tfResourceType === tfResourceType,
  );
  if (!found) throw new BindingsError(`${module.dir} has no class for ${tfResourceType}`);
  return found;
}

/** The top-level block of a generated class; the provider's `alias` is a meta-argument, not schema. */
function classBlock(module: BindingModule, tfResourceType: string, isProvider: boolean): Block {
  const cls = findClass(module, tfResourceType);
  const where = `${module.dir} ${cls.name}`;
  const source = cls.toString();
  const entries = hclEntries(cls.prototype.synthesizeHclAttributes.toString(), where)
    .filter((entry) => !(isProvider && entry.name === "alias"))
    .map((entry) => {
      // A class keeps each argument in a private field that the constructor
      // fills from the config property (renamed where it clashes, as build -> buildAttribute).
      const assigned = new RegExp(`this\\._${entry.property}(?:\\.internalValue)? = config\\.(\\w+);`).exec(source);
      if (!assigned) throw new BindingsError(`${where}: cannot find which config property fills ${entry.name}`);
      return { ...entry, property: assigned[1] };
    });
  // A provider's configuration has no computed values: Terraform evaluates it, the provider only reads it.
  return isProvider ? buildBlock(module, entries, `${cls.name}Config`, undefined, false) : buildBlock(module, entries, `${cls.name}Config`, cls);
}

/** An installed bindings package, such as @cdktf/provider-google. */
export class BindingsPackage {
  readonly address: string;
  readonly name: string;
  readonly version: string;
  readonly packageName: string;
  private readonly lib: string;

  constructor(packageName: string, resolveFrom: string) {
    let manifestPath: string;
    try {
      manifestPath = require.resolve(`${packageName}/package.json`, { paths: [resolveFrom] });
    } catch {
      throw new BindingsError(`${packageName} is not installed (looked from ${resolveFrom}): run npm ci`);
    }
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    const provider = manifest.cdktf?.provider;
    if (typeof provider?.name !== "string" || typeof provider?.version !== "string") {
      throw new BindingsError(`${packageName}'s package.json names no cdktf.provider: not prebuilt provider bindings`);
    }
    this.packageName = packageName;
    this.address = provider.name;
    this.name = provider.name.split("/").pop();
    this.version = provider.version;
    this.lib = join(dirname(manifestPath), "lib");
  }

  private module(moduleName: string, forWhat: string): BindingModule {
    const dir = join(this.lib, moduleName);
    let exports: Exports;
    try {
      exports = require(dir);
    } catch {
      throw new BindingsError(`${forWhat}: ${this.packageName} has no module lib/${moduleName}, so the simulator has no schema for it`);
    }
    return new BindingModule(dir, exports);
  }

  /** The module the generator makes for a resource or data source type (its naming rule, checked by findClass). */
  private moduleFor(kind: "resource" | "data", type: string): BindingModule {
    const prefix = `${this.name}_`;
    if (!type.startsWith(prefix)) throw new BindingsError(`${kind} ${type} does not belong to provider ${this.name}`);
    const base = kind === "data" ? `data-${type}` : type.slice(prefix.length);
    return this.module(base.replace(/_/g, "-"), `${kind} ${type}`);
  }

  /**
   * Every resource and data source type the bindings generate, by the
   * generator's module naming rule (lib/<type without prefix> for a
   * resource, lib/data-<type> for a data source; findClass checks each).
   */
  types(): { readonly resources: string[]; readonly dataSources: string[] } {
    const modules = readdirSync(this.lib).filter((entry) => entry !== "provider" && statSync(join(this.lib, entry)).isDirectory());
    const dataPrefix = `data-${this.name}-`;
    const typeOf = (module: string) => module.replace(/-/g, "_");
    return {
      resources: modules.filter((module) => !module.startsWith(dataPrefix)).map((module) => `${this.name}_${typeOf(module)}`).sort(),
      dataSources: modules.filter((module) => module.startsWith(dataPrefix)).map((module) => typeOf(module.slice("data-".length))).sort(),
    };
  }

  resourceSchema(type: string): Block {
    return classBlock(this.moduleFor("resource", type), type, false);
  }

  dataSourceSchema(type: string): Block {
    return classBlock(this.moduleFor("data", type), type, false);
  }

  providerSchema(): Block {
    return classBlock(this.module("provider", `provider ${this.name}`), this.name, true);
  }

  /** The provider's schemas for exactly these resource and data source types. */
  schemas(resourceTypes: Iterable<string>, dataSourceTypes: Iterable<string>): ProviderSchemas {
    const resources: Record<string, Block> = {};
    const dataSources: Record<string, Block> = {};
    const problems: string[] = [];
    const derive = (target: Record<string, Block>, type: string, schema: (type: string) => Block) => {
      try {
        target[type] = schema(type);
      } catch (error) {
        if (!(error instanceof BindingsError)) throw error;
        problems.push(error.message);
      }
    };
    for (const type of resourceTypes) derive(resources, type, (t) => this.resourceSchema(t));
    for (const type of dataSourceTypes) derive(dataSources, type, (t) => this.dataSourceSchema(t));
    if (problems.length > 0) throw new BindingsError(problems.join("\n"));
    return { address: this.address, name: this.name, version: this.version, provider: this.providerSchema(), resources, dataSources };
  }
}
