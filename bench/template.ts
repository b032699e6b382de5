// The baseline `npm run bench` measures against: our own stacks, set up the
// way `cdktf init --template=typescript` sets up a project. It is generated
// from the current sources on every run, so it can never drift from them:
// - provider classes come from each provider's package root (the template's
//   style), which loads every one of the provider's ~1,500 modules;
// - cdktf.json runs the app as the template does (`npx ts-node main.ts`,
//   ts-node type-checking each run), with the template's tsconfig.json.
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "fs";
import { dirname, join } from "path";

/** The app's sources: what main.ts imports (and what bin/app.js watches). */
const appSources = ["main.ts", "lib", "stacks"];

/** The name a provider's package root exports `lib/<module>` under, such as `serviceAccount` for `service-account`. */
export type NamespaceOf = (provider: string, module: string) => string;

/**
 * Reads the root exports of `@cdktf/provider-<name>` packages under
 * `nodeModules` (`export * as serviceAccount from './service-account'`).
 */
export function providerNamespaces(nodeModules: string): NamespaceOf {
  const cache = new Map<string, Map<string, string>>();
  return (provider, module) => {
    let names = cache.get(provider);
    if (names === undefined) {
      const index = readFileSync(join(nodeModules, "@cdktf", `provider-${provider}`, "lib", "index.d.ts"), "utf8");
      names = new Map([...index.matchAll(/export \* as (\w+) from '\.\/([a-z0-9-]+)';/g)].map(([, name, file]) => [file, name]));
      cache.set(provider, names);
    }
    const name = names.get(module);
    if (name === undefined) throw new Error(`@cdktf/provider-${provider} does not export lib/${module} from its package root`);
    return name;
  };
}

// `import { A, B as C } from "@cdktf/provider-google/lib/service-account";`,
// its `import type` form, or `import * as sa from "..."`.
const deepImport =
  /^import\s+(?:type\s+)?(?:\{([^}]*)\}|\*\s+as\s+(\w+))\s+from\s+["']@cdktf\/provider-([a-z0-9-]+)\/lib\/([a-z0-9-]+)["'];?/gm;

/**
 * Rewrites `import { ServiceAccount } from "@cdktf/provider-google/lib/service-account"`
 * into an import of the package root. The imported names stay the same
 * (`import ServiceAccount = google_serviceAccount.ServiceAccount`), so the
 * rest of the file compiles unchanged, as values and as types.
 */
export function importFromPackageRoot(fileName: string, text: string, namespaceOf: NamespaceOf): string {
  const result = text.replace(deepImport, (_, named: string | undefined, star: string | undefined, provider: string, module: string) => {
    const exported = namespaceOf(provider, module);
    const root = JSON.stringify(`@cdktf/provider-${provider}`);
    if (star !== undefined) return `import { ${exported} as ${star} } from ${root};`;
    const namespace = `${provider.replace(/-/g, "_")}_${exported}`;
    const aliases = (named as string)
      .split(",")
      .map((binding) => binding.trim())
      .filter((binding) => binding !== "")
      .map((binding) => {
        const [name, local = name] = binding.split(/\s+as\s+/);
        return `import ${local} = ${namespace}.${name};`;
      });
    return [`import { ${exported} as ${namespace} } from ${root};`, ...aliases].join("\n");
  });
  const left = /^.*["']@cdktf\/provider-[a-z0-9-]+\/lib\/[^"']*["'].*$/m.exec(result);
  if (left !== null) throw new Error(`${fileName}: cannot rewrite \`${left[0].trim()}\` to import from the package root`);
  return result;
}

/** `cdktf init --template=typescript`'s files, as shipped inside cdktf-cli. */
function templateDir(nodeModules: string): string {
  return join(nodeModules, "cdktf-cli", "bundle", "templates", "typescript");
}

/**
 * The template's tsconfig.json, with `target` and `lib` from ours: the
 * template's ES2018 lacks library features our sources may use, and the same
 * target keeps the emitted class semantics (and so the JSON) the same.
 */
function templateTsconfig(nodeModules: string, ours: { target: string; lib: string[] }): string {
  const tsconfig = JSON.parse(readFileSync(join(templateDir(nodeModules), "tsconfig.json"), "utf8"));
  tsconfig.compilerOptions.target = ours.target;
  tsconfig.compilerOptions.lib = ours.lib;
  return `${JSON.stringify(tsconfig, null, 2)}\n`;
}

/** The template's app command (`npx ts-node main.ts`); its cdktf.json is a template with placeholders, not JSON. */
export function templateAppCommand(nodeModules: string): string {
  const cdktfJson = readFileSync(join(templateDir(nodeModules), "cdktf.json"), "utf8");
  const app = /"app":\s*("[^"]*")/.exec(cdktfJson);
  if (app === null) throw new Error(`no "app" in ${join(templateDir(nodeModules), "cdktf.json")}`);
  return JSON.parse(app[1]);
}

/**
 * Writes the template-style copy of the project at `projectRoot` into the
 * empty directory `dir`, which then synthesizes with `npx ts-node main.ts` or
 * `npx cdktf synth`. node_modules is a link to the project's own.
 */
export function writeTemplateProject(projectRoot: string, dir: string): void {
  const nodeModules = join(projectRoot, "node_modules");
  const namespaceOf = providerNamespaces(nodeModules);
  for (const entry of appSources) {
    const from = join(projectRoot, entry);
    const files = entry.endsWith(".ts")
      ? [entry]
      : readdirSync(from, { recursive: true, encoding: "utf8" })
          .filter((name) => name.endsWith(".ts"))
          .map((name) => join(entry, name));
    for (const file of files) {
      const target = join(dir, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, importFromPackageRoot(file, readFileSync(join(projectRoot, file), "utf8"), namespaceOf));
    }
  }
  const ours = JSON.parse(readFileSync(join(projectRoot, "tsconfig.json"), "utf8")).compilerOptions;
  writeFileSync(join(dir, "tsconfig.json"), templateTsconfig(nodeModules, ours));
  const cdktfJson = JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8"));
  cdktfJson.app = templateAppCommand(nodeModules);
  writeFileSync(join(dir, "cdktf.json"), `${JSON.stringify(cdktfJson, null, 2)}\n`);
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
}
