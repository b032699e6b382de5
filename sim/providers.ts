// Which providers, resource types and data source types a set of synthesized
// stacks needs, and their schemas from the installed bindings.
import { readFileSync } from "fs";
import { join } from "path";
import { BindingsError, BindingsPackage } from "./bindings";
import { providerFacts } from "./facts";
import { ProviderFacts } from "./facts/types";
import { everySchema } from "./schema-cache";
import { ProviderSchemas } from "./schema";

/** Terraform JSON of one stack (cdktf.out/stacks/<name>/cdk.tf.json), as an object. */
export type StackJson = Record<string, any>;

/** Types built into Terraform itself (terraform_remote_state, terraform_data): no provider serves them. */
const builtIn = (type: string): boolean => type.startsWith("terraform_");

interface ProviderUse {
  /** The source address as the stack writes it (google, kreuzwerker/docker). */
  readonly source: string;
  readonly version?: string;
  readonly resources: Set<string>;
  readonly dataSources: Set<string>;
  /** Stacks that use it, for messages. */
  readonly stacks: Set<string>;
}

/** Full registry address of a required_providers source. */
export function providerAddress(source: string): string {
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return source;
}

/** Provider local name -> what the stacks use of it. */
export function providersUsed(stacks: ReadonlyMap<string, StackJson>): Map<string, ProviderUse> {
  const uses = new Map<string, ProviderUse>();
  for (const [stack, json] of stacks) {
    const required: Record<string, { source?: string; version?: string }> = json.terraform?.required_providers ?? {};
    const use = (name: string): ProviderUse => {
      let found = uses.get(name);
      if (!found) {
        found = { source: required[name]?.source ?? name, version: required[name]?.version, resources: new Set(), dataSources: new Set(), stacks: new Set() };
        uses.set(name, found);
      }
      found.stacks.add(stack);
      return found;
    };
    for (const name of Object.keys(required)) use(name);
    for (const [kind, key] of [["resource", "resources"], ["data", "dataSources"]] as const) {
      for (const type of Object.keys(json[kind] ?? {})) {
        if (builtIn(type)) continue;
        use(type.split("_")[0])[key].add(type);
      }
    }
  }
  return uses;
}

/** The project's installed bindings packages (@cdktf/provider-* in package.json), by registry address. */
export function installedBindings(projectRoot: string): Map<string, BindingsPackage> {
  const manifest = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) =>
    name.startsWith("@cdktf/provider-"),
  );
  return new Map(
    names.map((name) => {
      const bindings = new BindingsPackage(name, projectRoot);
      return [bindings.address, bindings];
    }),
  );
}

/**
 * The schemas of every provider the stacks use, for exactly the types they
 * use. Throws a BindingsError naming each provider or type without bindings,
 * and each provider whose pinned version differs from the bindings'.
 */
export function schemasForStacks(projectRoot: string, stacks: ReadonlyMap<string, StackJson>): ProviderSchemas[] {
  const installed = installedBindings(projectRoot);
  const problems: string[] = [];
  const schemas: ProviderSchemas[] = [];
  for (const [name, use] of providersUsed(stacks)) {
    const where = `provider ${name} (source "${use.source}", stacks ${[...use.stacks].join(", ")})`;
    const bindings = installed.get(providerAddress(use.source));
    if (!bindings) {
      problems.push(`${where}: no installed @cdktf/provider-* package generates ${providerAddress(use.source)}, so the simulator has no schema for it`);
      continue;
    }
    if (use.version !== undefined && /^\d+\.\d+\.\d+$/.test(use.version) && use.version !== bindings.version) {
      problems.push(`${where}: the stacks pin version ${use.version}, the bindings (${bindings.packageName}) were generated from ${bindings.version}`);
      continue;
    }
    try {
      const served = servedSchemas(bindings, projectRoot, use);
      schemas.push({ ...served, facts: factsFor(providerFacts[name], Object.keys(served.resources), Object.keys(served.dataSources)) });
    } catch (error) {
      if (!(error instanceof BindingsError)) throw error;
      problems.push(`${where}: ${error.message}`);
    }
  }
  if (problems.length > 0) throw new BindingsError(problems.join("\n"));
  return schemas;
}

/**
 * Every type the bindings generate, as the real provider serves every type
 * it has: Terraform needs the schema of a resource in state whose type the
 * configuration no longer names. The types the stacks name are derived
 * afresh, with the providers' descriptions (a failure is the stack's error);
 * the others come from the cache, without descriptions, which Terraform
 * needs only to show them.
 */
function servedSchemas(bindings: BindingsPackage, projectRoot: string, use: ProviderUse): ProviderSchemas {
  const every = everySchema(bindings, projectRoot);
  const named = bindings.schemas(use.resources, use.dataSources);
  return { ...named, resources: { ...every.resources, ...named.resources }, dataSources: { ...every.dataSources, ...named.dataSources } };
}

/** A provider's facts for the types served; undefined when none are recorded for the provider. */
function factsFor(facts: ProviderFacts | undefined, resources: Iterable<string>, dataSources: Iterable<string>): ProviderSchemas["facts"] {
  if (!facts) return undefined;
  const pick = (table: ProviderFacts["resources"], types: Iterable<string>) =>
    Object.fromEntries([...types].filter((type) => table[type]).map((type) => [type, table[type]]));
  return { configuration: facts.configuration, resources: pick(facts.resources, resources), dataSources: pick(facts.dataSources, dataSources) };
}
