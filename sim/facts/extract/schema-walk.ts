// Walks a plugin-SDK (v2) provider's schema maps in its Go source, from the
// function that registers a type down through every nested block, following
// the helpers a schema is built with (`schemaNodeConfig()`, `podSpecFields(true, false)`,
// `tpgresource.MergeSchemas(a, b)`, package variables), and records for each
// attribute path what a plan depends on, each with the line it stands on.
import { Declaration, elements, GoFile, GoRepository, matching } from "./go-source";

/** Where an expression stands, and what the names of its function's parameters were called with. */
interface Context {
  readonly file: GoFile;
  readonly bindings: ReadonlyMap<string, Bound>;
  /** The body of the function the expression stands in, for its local variables. */
  readonly body?: { readonly start: number; readonly end: number };
}

interface Bound {
  readonly text: string;
  readonly context: Context;
}

/** A named function of the provider (a DiffSuppressFunc, StateFunc or CustomizeDiff), or inline code, where it is used. */
export interface Use {
  /** Its Go expression, whitespace folded; `func(...)` for inline code. */
  readonly name: string;
  readonly source: string;
}

/** What the schema says of one attribute or block, each with its citation. */
export interface ExtractedAttribute {
  forceNew?: string;
  optionalComputed?: string;
  sensitive?: string;
  maxItems?: { value: number; source: string };
  minItems?: { value: number; source: string };
  default?: { value: string | number | boolean; source: string };
  diffSuppress?: Use;
  stateFunc?: Use;
  /** DiffSuppressOnRefresh: the suppression also applies to values read back. */
  diffSuppressOnRefresh?: string;
}

export interface ExtractedType {
  readonly source: string;
  readonly customizeDiff: Use[];
  readonly attributes: Record<string, ExtractedAttribute>;
  /** Expressions the walker could not follow: their attributes' facts are missing, and say so. */
  readonly unresolved: Use[];
}

const fold = (text: string) => text.replace(/\s+/g, " ").trim();

/** A bool expression's value where it is a literal, or a parameter (negated or not) called with one. */
function boolean(text: string, context: Context): boolean | undefined {
  const match = /^(!?)(\w+)$/.exec(text.trim());
  if (!match) return undefined;
  const bound = context.bindings.get(match[2]);
  const literal = bound ? bound.text.trim() : match[2];
  const value = literal === "true" ? true : literal === "false" ? false : undefined;
  return value === undefined ? undefined : match[1] === "!" ? !value : value;
}

/** `Key: value` elements of a composite literal body. */
function fields(file: GoFile, open: number): Map<string, { text: string; start: number }> {
  const close = matching(file.text, open);
  const out = new Map<string, { text: string; start: number }>();
  for (const element of elements(file.text, open + 1, close)) {
    const match = /^(\w+)\s*:\s*/.exec(element.text);
    if (match) out.set(match[1], { text: element.text.slice(match[0].length), start: element.start + match[0].length });
  }
  return out;
}

export class SchemaWalker {
  constructor(private readonly repository: GoRepository) {}

  private dirOf(file: GoFile): string {
    return file.path.slice(0, file.path.lastIndexOf("/"));
  }

  /** The declaration a (possibly qualified) name refers to, from `context`'s file. */
  private declaration(name: string, context: Context): Declaration | undefined {
    const qualified = /^(\w+)\.(\w+)$/.exec(name);
    if (qualified) {
      const dir = context.file.imports(this.repository.modulePath).get(qualified[1]);
      return dir ? this.repository.declaration(dir, qualified[2]) : undefined;
    }
    return this.repository.declaration(this.dirOf(context.file), name);
  }

  /**
   * What an expression evaluates to, as an expression in its own context: a
   * parameter is replaced by its argument, a call by its function's return
   * expression (a local variable it returns by its assignment), a package
   * variable by its initializer.
   */
  resolve(text: string, start: number, context: Context, depth = 0): { text: string; start: number; context: Context } | undefined {
    if (depth > 20) return undefined;
    const trimmed = text.trim();
    const bound = context.bindings.get(trimmed);
    if (bound) return this.resolve(bound.text, -1, bound.context, depth + 1);
    const local = this.local(trimmed, context);
    if (local !== undefined) return this.expression(context.file, local, context, depth);
    const call = /^([\w.]+)\s*\(/.exec(trimmed);
    const name = call ? call[1] : /^[\w.]+$/.test(trimmed) ? trimmed : undefined;
    if (!name) return { text: trimmed, start, context };
    // A data source made from a resource's schema keeps no flag but the types: every
    // attribute Computed, none ForceNew or Sensitive (google v6.50.0
    // google/tpgresource/datasource_helpers.go:29-66).
    if (name === "tpgresource.DatasourceSchemaFromResourceSchema") return { text: "map[string]*schema.Schema{}", start: Math.max(start, 0), context };
    const declared = this.declaration(name, context);
    if (!declared) return undefined;
    const { file, offset } = declared;
    if (declared.kind === "var") return this.expression(file, offset, { file, bindings: new Map() }, depth);
    // A function: bind its parameters to the call's arguments, then follow its return.
    const paramsOpen = file.text.indexOf("(", offset);
    const paramsClose = matching(file.text, paramsOpen);
    const params = elements(file.text, paramsOpen + 1, paramsClose).flatMap((param) => {
      const names = param.text.split(/\s+/);
      return [names[0]];
    });
    const bindings = new Map<string, Bound>();
    if (call) {
      const argsOpen = trimmed.indexOf("(");
      const args = elements(trimmed, argsOpen + 1, matching(trimmed, argsOpen));
      params.forEach((param, index) => {
        if (args[index]) bindings.set(param, { text: args[index].text, context });
      });
    }
    const bodyOpen = file.text.indexOf("{", paramsClose);
    const bodyClose = matching(file.text, bodyOpen);
    const body = file.text.slice(bodyOpen, bodyClose);
    const returned = /\n\s*return\s+/.exec(body);
    if (!returned) return undefined;
    const at = bodyOpen + returned.index + returned[0].length;
    return this.expression(file, at, { file, bindings, body: { start: bodyOpen, end: bodyClose } }, depth);
  }

  /** Where the local variable `name` of the context's function is set, on a branch the call takes. */
  private local(name: string, context: Context): number | undefined {
    if (!context.body || !/^\w+$/.test(name)) return undefined;
    const body = context.file.text.slice(context.body.start, context.body.end);
    for (const found of body.matchAll(new RegExp(`(?:^|[\\s(])${name}\\s*:?=(?!=)\\s*`, "g"))) {
      const at = context.body.start + found.index! + found[0].length;
      if (this.reached(at, context)) return at;
    }
    return undefined;
  }

  /** Entries the function adds to its local map `name` (`name["key"] = ...`) on the branches the call takes. */
  private added(name: string, context: Context): { key: string; start: number }[] {
    if (!context.body || !/^\w+$/.test(name)) return [];
    const body = context.file.text.slice(context.body.start, context.body.end);
    return [...body.matchAll(new RegExp(`\\b${name}\\["(\\w+)"\\]\\s*=\\s*`, "g"))]
      .map((match) => ({ key: match[1], start: context.body!.start + match.index! + match[0].length }))
      .filter((addition) => this.reached(addition.start, context));
  }

  /**
   * Whether code at `offset` runs for this call: false only inside an
   * `if <flag> {` (or its else) whose flag is a parameter called with a
   * literal bool that rules it out. Other conditions are taken as met.
   */
  private reached(offset: number, context: Context): boolean {
    if (!context.body) return true;
    const text = context.file.text;
    const body = text.slice(context.body.start, context.body.end);
    for (const branch of body.matchAll(/\bif\s+(!?\w+)\s*\{/g)) {
      const open = context.body.start + branch.index! + branch[0].length - 1;
      const close = matching(text, open);
      const value = boolean(branch[1], context);
      if (value === undefined) continue;
      if (offset > open && offset < close && !value) return false;
      const otherwise = /^\s*else\s*\{/.exec(text.slice(close + 1));
      if (otherwise) {
        const elseOpen = close + otherwise[0].length;
        if (offset > elseOpen && offset < matching(text, elseOpen) && value) return false;
      }
    }
    return true;
  }

  /**
   * The entries added with `m["key"] = ...` to the local map an expression
   * names, following it through the calls that return it.
   */
  private localAdditions(text: string, context: Context, depth = 0): { key: string; start: number; context: Context }[] {
    const trimmed = text.trim();
    if (depth > 20) return [];
    if (this.local(trimmed, context) !== undefined) return this.added(trimmed, context).map((addition) => ({ ...addition, context }));
    const bound = context.bindings.get(trimmed);
    if (bound) return this.localAdditions(bound.text, bound.context, depth + 1);
    // A call: the function's returned local map.
    const call = /^([\w.]+)\s*\(/.exec(trimmed);
    if (!call) return [];
    const resolved = this.resolveCallFrame(trimmed, context);
    if (!resolved) return [];
    return this.localAdditions(resolved.returned, resolved.context, depth + 1);
  }

  /** A call's function entered: its returned expression's text and the context of its body. */
  private resolveCallFrame(call: string, context: Context): { returned: string; context: Context } | undefined {
    const name = /^([\w.]+)\s*\(/.exec(call)![1];
    const declared = this.declaration(name, context);
    if (!declared || declared.kind !== "func") return undefined;
    const { file, offset } = declared;
    const paramsOpen = file.text.indexOf("(", offset);
    const paramsClose = matching(file.text, paramsOpen);
    const params = elements(file.text, paramsOpen + 1, paramsClose).map((param) => param.text.split(/\s+/)[0]);
    const argsOpen = call.indexOf("(");
    const args = elements(call, argsOpen + 1, matching(call, argsOpen));
    const bindings = new Map<string, Bound>();
    params.forEach((param, index) => {
      if (args[index]) bindings.set(param, { text: args[index].text, context });
    });
    const bodyOpen = file.text.indexOf("{", paramsClose);
    const bodyClose = matching(file.text, bodyOpen);
    const returned = /\n\s*return\s+/.exec(file.text.slice(bodyOpen, bodyClose));
    if (!returned) return undefined;
    return { returned: this.expressionText(file, bodyOpen + returned.index + returned[0].length), context: { file, bindings, body: { start: bodyOpen, end: bodyClose } } };
  }

  private expressionText(file: GoFile, at: number): string {
    return this.expressionAt(file, at);
  }

  /** The expression that starts at `at` (to the end of its line, or its bracket). */
  private expressionAt(file: GoFile, at: number): string {
    let i = at;
    while (/\s/.test(file.text[i])) i++;
    let end = i;
    while (end < file.text.length && file.text[end] !== "\n") {
      if ("{([".includes(file.text[end])) end = matching(file.text, end);
      end++;
    }
    return file.text.slice(i, end).trim();
  }

  private expression(file: GoFile, at: number, context: Context, depth: number) {
    let i = at;
    while (/\s/.test(file.text[i])) i++;
    const text = this.expressionAt(file, i);
    if (/^(map\[|&schema\.|schema\.|\{)/.test(text)) return { text, start: i, context };
    return this.resolve(text, i, context, depth + 1);
  }

  /** The type registered under `type` by `registration` (its Go expression, as in the provider's map). */
  walkType(registration: string, context: Context): ExtractedType | undefined {
    const resource = this.resolve(registration, -1, context);
    if (!resource || !resource.text.startsWith("&schema.Resource")) return undefined;
    const open = resource.start + resource.text.indexOf("{");
    const file = resource.context.file;
    const top = fields(file, open);
    const result: ExtractedType = { source: file.cite(resource.start), customizeDiff: [], attributes: {}, unresolved: [] };
    const customize = top.get("CustomizeDiff");
    if (customize) this.customizeDiffs(customize.text, customize.start, resource.context, result);
    const schema = top.get("Schema");
    if (schema) this.walkMap(schema.text, schema.start, resource.context, "", result);
    return result;
  }

  private customizeDiffs(text: string, start: number, context: Context, result: ExtractedType): void {
    const all = /^customdiff\.(All|Sequence)\s*\(/.exec(text);
    if (!all) {
      result.customizeDiff.push({ name: fold(text.startsWith("func") ? "func(...)" : text), source: start >= 0 ? context.file.cite(start) : "" });
      return;
    }
    const open = text.indexOf("(");
    for (const element of elements(text, open + 1, matching(text, open))) this.customizeDiffs(element.text, start + element.start, context, result);
  }

  /** One schema map: `map[string]*schema.Schema{...}`, a helper that returns one, or MergeSchemas of several. */
  private walkMap(text: string, start: number, context: Context, prefix: string, result: ExtractedType): void {
    const merge = /^tpgresource\.MergeSchemas\s*\(/.exec(text.trim());
    if (merge) {
      const open = text.indexOf("(");
      for (const part of elements(text, open + 1, matching(text, open))) this.walkMap(part.text, start + part.start, context, prefix, result);
      return;
    }
    const additions = this.localAdditions(text, context);
    for (const addition of additions) {
      const path = prefix === "" ? addition.key : `${prefix}.${addition.key}`;
      this.walkAttribute(this.expressionText(addition.context.file, addition.start), addition.start, addition.context, path, result);
    }
    const resolved = text.trim().startsWith("map[") ? { text: text.trim(), start, context } : this.resolve(text, start, context);
    if (!resolved || !resolved.text.startsWith("map[") || resolved.start < 0) {
      result.unresolved.push({ name: fold(text).slice(0, 120), source: start >= 0 ? `${context.file.cite(start)} (${prefix || "top"})` : prefix || "top" });
      return;
    }
    const file = resolved.context.file;
    const open = resolved.start + resolved.text.indexOf("{");
    const close = matching(file.text, open);
    for (const entry of elements(file.text, open + 1, close)) {
      const match = /^"(\w+)"\s*:\s*/.exec(entry.text);
      if (!match) continue;
      const path = prefix === "" ? match[1] : `${prefix}.${match[1]}`;
      this.walkAttribute(entry.text.slice(match[0].length), entry.start + match[0].length, resolved.context, path, result);
    }
  }

  private walkAttribute(text: string, start: number, context: Context, path: string, result: ExtractedType): void {
    let resolved: { text: string; start: number; context: Context } | undefined;
    if (/^(\{|&schema\.Schema\{)/.test(text)) resolved = { text, start, context };
    else resolved = this.resolve(text, start, context);
    if (!resolved || resolved.start < 0 || !/^(\{|&schema\.Schema\{)/.test(resolved.text)) {
      result.unresolved.push({ name: fold(text).slice(0, 120), source: `${context.file.cite(start)} (${path})` });
      return;
    }
    const file = resolved.context.file;
    const open = resolved.start + resolved.text.indexOf("{");
    const schema = fields(file, open);
    const flag = (name: string): string | undefined => {
      const value = schema.get(name);
      return value && boolean(value.text, resolved!.context) === true ? file.cite(value.start) : undefined;
    };
    const facts: ExtractedAttribute = {};
    const forceNew = flag("ForceNew");
    if (forceNew) facts.forceNew = forceNew;
    const optional = flag("Optional");
    const computed = flag("Computed");
    if (optional && computed) facts.optionalComputed = computed;
    const sensitive = flag("Sensitive");
    if (sensitive) facts.sensitive = sensitive;
    for (const limit of ["MaxItems", "MinItems"] as const) {
      const value = schema.get(limit);
      if (value && /^\d+$/.test(value.text.trim())) {
        facts[limit === "MaxItems" ? "maxItems" : "minItems"] = { value: Number(value.text.trim()), source: file.cite(value.start) };
      }
    }
    const fallback = schema.get("Default");
    if (fallback) {
      // kubernetes' conditionalDefault(condition, value): value, or no default (v2.38.0 kubernetes/schema_helpers.go:6-12).
      const conditional = /^conditionalDefault\(\s*(!?\w+)\s*,\s*([\s\S]+)\)$/.exec(fallback.text.trim());
      const literal = conditional ? (boolean(conditional[1], resolved.context) === true ? conditional[2].trim() : "nil") : fallback.text.trim();
      const value = literal === "true" ? true : literal === "false" ? false : /^-?\d+(\.\d+)?$/.test(literal) ? Number(literal) : /^"[^"\\]*"$/.test(literal) ? literal.slice(1, -1) : undefined;
      if (value !== undefined) facts.default = { value, source: file.cite(fallback.start) };
    }
    for (const [key, field] of [["DiffSuppressFunc", "diffSuppress"], ["StateFunc", "stateFunc"]] as const) {
      const value = schema.get(key);
      if (value) facts[field] = { name: value.text.trim().startsWith("func") ? "func(...)" : fold(value.text), source: file.cite(value.start) };
    }
    const onRefresh = flag("DiffSuppressOnRefresh");
    if (onRefresh) facts.diffSuppressOnRefresh = onRefresh;
    if (Object.keys(facts).length > 0) result.attributes[path] = facts;
    const elem = schema.get("Elem");
    if (!elem) return;
    const element = elem.text.startsWith("&schema.") ? { text: elem.text, start: elem.start, context: resolved.context } : this.resolve(elem.text, elem.start, resolved.context);
    if (!element || element.start < 0) {
      result.unresolved.push({ name: fold(elem.text).slice(0, 120), source: `${file.cite(elem.start)} (${path} Elem)` });
      return;
    }
    if (!element.text.startsWith("&schema.Resource")) return;
    const elementFile = element.context.file;
    const inner = fields(elementFile, element.start + element.text.indexOf("{"));
    const nested = inner.get("Schema");
    if (nested) this.walkMap(nested.text, nested.start, element.context, path, result);
  }
}

/** A context at the top of a file, for resolving a registration expression found there. */
export function fileContext(file: GoFile): Context {
  return { file, bindings: new Map() };
}
