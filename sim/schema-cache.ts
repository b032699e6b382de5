// The schemas of every type a bindings package generates. Terraform asks a
// provider for the schema of every resource in state, also of a type no
// configuration names any more (the last resource of a type removed, or
// forgotten with a `removed` block), so the simulator serves them all, as the
// real provider does. Deriving them all loads every generated module (the
// google bindings: about 1,500 modules, 9 s and 900 MB here), so it runs once
// per bindings version and reader, in a child process, and the result is
// kept as JSON under node_modules/.cache, where npm's tools keep theirs.
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { join } from "path";
import { BindingsError, BindingsPackage } from "./bindings";
import { Block } from "./schema";

/** Every type of one bindings package: derived schemas, and the types the reader could not derive, with why. */
export interface EverySchema {
  readonly resources: { readonly [type: string]: Block };
  readonly dataSources: { readonly [type: string]: Block };
  readonly unreadable: { readonly [type: string]: string };
}

/** What the schemas depend on besides the package: the reader's own code. */
function readerDigest(): string {
  const hash = createHash("sha256");
  for (const file of ["bindings.js", "schema-cache.js"]) hash.update(readFileSync(join(__dirname, file)));
  return hash.digest("hex").slice(0, 16);
}

/** The schema a plan needs: the descriptions are more than half of the bytes Terraform decodes at every command. */
function withoutDescriptions(block: Block): Block {
  return {
    attributes: Object.fromEntries(Object.entries(block.attributes).map(([name, attribute]) => [name, { ...attribute, description: "" }])),
    blocks: Object.fromEntries(Object.entries(block.blocks).map(([name, nested]) => [name, { ...nested, block: withoutDescriptions(nested.block) }])),
  };
}

/** Derives every type in this process (what the child process runs). */
export function deriveEverySchema(bindings: BindingsPackage): EverySchema {
  const resources: Record<string, Block> = {};
  const dataSources: Record<string, Block> = {};
  const unreadable: Record<string, string> = {};
  const { resources: resourceTypes, dataSources: dataSourceTypes } = bindings.types();
  const derive = (target: Record<string, Block>, type: string, schema: (type: string) => Block, key: string) => {
    try {
      target[type] = schema(type);
    } catch (error) {
      if (!(error instanceof BindingsError)) throw error;
      unreadable[key] = error.message;
    }
  };
  for (const type of resourceTypes) derive(resources, type, (t) => withoutDescriptions(bindings.resourceSchema(t)), type);
  for (const type of dataSourceTypes) derive(dataSources, type, (t) => withoutDescriptions(bindings.dataSourceSchema(t)), `data.${type}`);
  return { resources, dataSources, unreadable };
}

/**
 * Every schema of `packageName` as installed under `projectRoot`, from the
 * cache, or derived in a child process and cached. `cacheDir` defaults to
 * `<projectRoot>/node_modules/.cache/provider-simulator`.
 */
export function everySchema(bindings: BindingsPackage, projectRoot: string, cacheDir = join(projectRoot, "node_modules", ".cache", "provider-simulator")): EverySchema {
  const file = join(cacheDir, `${bindings.packageName.replace(/[@/]/g, "_")}-${bindings.version}-${readerDigest()}.json`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    // A private name, then a rename: concurrent runs never read a half-written file.
    const partial = `${file}.${process.pid}.partial`;
    const child = spawnSync(process.execPath, [__filename, bindings.packageName, projectRoot, partial], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) {
      throw new BindingsError(`deriving every schema of ${bindings.packageName} failed (${child.error?.message ?? `exit ${child.status}`}): ${child.stderr}`);
    }
    renameSync(partial, file);
  }
  return JSON.parse(readFileSync(file, "utf8")) as EverySchema;
}

if (require.main === module) {
  const [packageName, projectRoot, out] = process.argv.slice(2);
  writeFileSync(out, JSON.stringify(deriveEverySchema(new BindingsPackage(packageName, projectRoot))));
}
