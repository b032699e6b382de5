// The provider facts (sim/facts/) are data read from the providers' source at
// the pinned tags. Every fact must say where it stands, and every type the
// stacks use must have its entry, so a new resource type cannot slip in with
// the simulator knowing nothing of it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { BindingsPackage } from "../sim/bindings";
import { extractedFacts, handFacts, providerFacts } from "../sim/facts";
import { extractProvider, renderExtracted, typesToExtract } from "../sim/facts/extract/extract";
import { ExtractedProviderFacts, ProviderFacts, TypeFacts } from "../sim/facts/types";
import { customizers, leftOut, parseUse, stateFuncs, suppressorFor } from "../sim/plan-time";
import { installedBindings } from "../sim/providers";
import { Block } from "../sim/schema";
import { root, tempDir } from "./support";

/** `<path in the provider's repository>:<line>`, optionally more lines or a note after it. */
const CITATION = /^[A-Za-z0-9_./-]+\.(?:go|md|markdown|mdx):\d+(?:[-,:]\d+)*(?:\b.*)?$/;

/** Every citation in `facts`, with where it stands, as `what: citation`. */
function citations(provider: string, facts: ProviderFacts): { where: string; citation: unknown }[] {
  const found: { where: string; citation: unknown }[] = [];
  const ofType = (kind: string, type: string, typeFacts: TypeFacts) => {
    found.push({ where: `${provider} ${kind} ${type}`, citation: typeFacts.source });
    for (const [path, attribute] of Object.entries(typeFacts.attributes)) {
      const where = `${provider} ${kind} ${type} ${path}`;
      for (const flag of ["forceNew", "optionalComputed", "sensitive"] as const) {
        if (flag in attribute) found.push({ where: `${where} ${flag}`, citation: attribute[flag] });
      }
      for (const fact of ["minItems", "maxItems", "conflictsWith", "exactlyOneOf", "atLeastOneOf", "requiredWith", "default"] as const) {
        const value = attribute[fact];
        if (value !== undefined) found.push({ where: `${where} ${fact}`, citation: value.source });
      }
      for (const [index, check] of (attribute.checks ?? []).entries()) found.push({ where: `${where} checks[${index}]`, citation: check.source });
    }
  };
  ofType("configuration", "", facts.configuration);
  for (const [type, typeFacts] of Object.entries(facts.resources)) ofType("resource", type, typeFacts);
  for (const [type, typeFacts] of Object.entries(facts.dataSources)) ofType("data", type, typeFacts);
  return found;
}

/** The resource and data source types of the reviewed synthesized stacks (key mode and keyless alike use only these and the key types). */
function typesUsed(): { kind: "resource" | "data"; type: string }[] {
  const dir = join(root, "__tests__", "synthesized");
  const used = new Map<string, { kind: "resource" | "data"; type: string }>();
  for (const file of readdirSync(dir).filter((name) => name.startsWith("stacks__"))) {
    const json = JSON.parse(readFileSync(join(dir, file), "utf8"));
    for (const kind of ["resource", "data"] as const) {
      for (const type of Object.keys(json[kind] ?? {})) {
        if (!type.startsWith("terraform_")) used.set(`${kind} ${type}`, { kind, type }); // built into Terraform
      }
    }
  }
  return [...used.values()];
}

describe("provider facts", () => {
  it("pin each provider to the tag its bindings were generated from", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(providerFacts).map(([name, facts]) => [name, `${facts.repository}@${facts.tag}`])),
      {
        google: "hashicorp/terraform-provider-google@v6.50.0",
        kubernetes: "hashicorp/terraform-provider-kubernetes@v2.38.0",
        docker: "kreuzwerker/terraform-provider-docker@v3.6.2",
      },
    );
  });

  it("cite, every one, the provider's file and line at that tag", () => {
    const all = Object.entries(providerFacts).flatMap(([name, facts]) => citations(name, facts));
    assert.ok(all.length > 2000, `only ${all.length} facts`);
    const uncited = all.filter(({ citation }) => typeof citation !== "string" || !CITATION.test(citation));
    assert.deepEqual(uncited.map(({ where, citation }) => `${where}: ${JSON.stringify(citation)}`), []);
  });

  it("would name a fact without a citation (the check can fail)", () => {
    const broken: ProviderFacts = {
      ...providerFacts.docker,
      resources: { docker_image: { source: "internal/provider/resource_docker_image.go:21", attributes: { name: { forceNew: "" } } } },
    };
    const uncited = citations("docker", broken).filter(({ citation }) => typeof citation !== "string" || !CITATION.test(citation));
    assert.deepEqual(uncited.map(({ where }) => where), ["docker resource docker_image name forceNew"]);
  });

  it("have an entry for every resource and data source type the stacks use, and for each provider's configuration", () => {
    const used = typesUsed();
    // Key mode and GitLab sign-in add these; the reviewed JSON holds the keyless GitHub default.
    for (const type of ["google_service_account_key", "google_iam_workload_identity_pool_provider", "google_service_account_iam_member"]) {
      used.push({ kind: "resource", type });
    }
    const missing = used.filter(({ kind, type }) => {
      const facts = providerFacts[type.split("_")[0]];
      return facts === undefined || (kind === "resource" ? facts.resources : facts.dataSources)[type] === undefined;
    });
    assert.deepEqual(missing, []);
    for (const facts of Object.values(providerFacts)) assert.ok(facts.configuration.source, `${facts.provider} configuration`);
  });
});

/**
 * Each facts table whose tag is not the version the installed bindings were
 * generated from: after an upgrade of @cdktf/provider-*, until the facts are
 * extracted again at the new tag.
 */
function staleFacts(bindingsVersions: ReadonlyMap<string, string>, tables: readonly { what: string; provider: string; tag: string }[]): string[] {
  return tables
    .filter(({ provider, tag }) => `v${bindingsVersions.get(provider)}` !== tag)
    .map(({ what, provider, tag }) => `${what} are at ${tag}, the bindings of ${provider} at v${bindingsVersions.get(provider)}: extract them again (docs/offline-terraform.md)`);
}

const factTables = () => [
  ...Object.entries(handFacts).map(([provider, facts]) => ({ what: `the hand-written facts of ${provider}`, provider, tag: facts.tag })),
  ...Object.entries(extractedFacts).map(([provider, facts]) => ({ what: `sim/facts/extracted/${provider}.ts`, provider, tag: facts.tag })),
];

describe("provider facts and the installed bindings", () => {
  const versions = new Map([...installedBindings(root).values()].map((bindings) => [bindings.name, bindings.version]));

  it("are at the tag of the provider version the installed bindings were generated from, every table", () => {
    assert.deepEqual([...versions.keys()].sort(), ["docker", "google", "kubernetes"]);
    assert.deepEqual(staleFacts(versions, factTables()), []);
  });

  it("would fail loudly after an upgrade of the bindings without a new extraction", () => {
    const upgraded = new Map(versions).set("google", "7.0.0");
    assert.deepEqual(staleFacts(upgraded, factTables()), [
      "the hand-written facts of google are at v6.50.0, the bindings of google at v7.0.0: extract them again (docs/offline-terraform.md)",
      "sim/facts/extracted/google.ts are at v6.50.0, the bindings of google at v7.0.0: extract them again (docs/offline-terraform.md)",
    ]);
  });
});

/** Every dotted path (attributes and blocks, at any depth) of a schema block. */
function schemaPaths(block: Block, prefix = ""): Set<string> {
  const paths = new Set<string>();
  for (const name of Object.keys(block.attributes)) paths.add(prefix + name);
  for (const [name, nested] of Object.entries(block.blocks)) {
    paths.add(prefix + name);
    for (const inner of schemaPaths(nested.block, `${prefix}${name}.`)) paths.add(inner);
  }
  return paths;
}

/** Types the extractor cannot read: plugin-framework types, whose schemas are not SDK maps. */
const frameworkTypes: Readonly<Record<string, string>> = {
  "data kubernetes_resource": "kubernetes v2.38.0 manifest/provider (plugin framework, tftypes)",
  "data google_client_config": "google v6.50.0 google/fwprovider (plugin framework)",
};

describe("extracted facts", () => {
  const bindings = Object.fromEntries([...installedBindings(root).values()].map((found) => [found.name, found]));

  it("reach every nested block of every type the stacks use: walked to the bottom, nothing left unresolved, every path in the schema", () => {
    const problems: string[] = [];
    const used = typesUsed();
    for (const { kind, type } of used) {
      const provider = type.split("_")[0];
      const table = kind === "resource" ? extractedFacts[provider].resources : extractedFacts[provider].dataSources;
      const facts = table[type];
      if (!facts) {
        if (!frameworkTypes[`${kind} ${type}`]) problems.push(`${kind} ${type}: not extracted`);
        continue;
      }
      for (const unresolved of facts.unresolved) problems.push(`${kind} ${type}: could not follow ${unresolved.name} at ${unresolved.source}`);
      const package_: BindingsPackage = bindings[provider];
      const paths = schemaPaths(kind === "resource" ? package_.resourceSchema(type) : package_.dataSourceSchema(type));
      for (const path of Object.keys(facts.attributes)) if (!paths.has(path)) problems.push(`${kind} ${type}: extracted ${path}, which the bindings' schema lacks`);
    }
    assert.deepEqual(problems, []);
    // Depth: a fact five blocks down (the Deployment's containers' ports), and the RBAC objects' second level.
    const kubernetes = extractedFacts.kubernetes.resources;
    assert.ok(kubernetes.kubernetes_deployment_v1.attributes["spec.template.spec.container.port.protocol"] || kubernetes.kubernetes_deployment_v1.attributes["spec.template.spec.container.resources.limits"]);
    assert.ok(kubernetes.kubernetes_role_binding_v1.attributes["role_ref.name"]?.forceNew);
  });

  it("name, for every DiffSuppressFunc, StateFunc and CustomizeDiff they hold, how the simulator interprets it or why it does not", () => {
    assert.deepEqual(uninterpreted(extractedFacts), []);
  });

  it("would name a plan-time function the simulator neither interprets nor lists as left out", () => {
    const invented: ExtractedProviderFacts = {
      ...extractedFacts.docker,
      resources: { docker_image: { source: "x.go:1", customizeDiff: [{ name: "newCustomizeDiff", source: "x.go:2" }], unresolved: [], attributes: { name: { diffSuppress: { name: "newSuppress", source: "x.go:3" } } } } },
    };
    assert.deepEqual(uninterpreted({ docker: invented }), ["docker docker_image: CustomizeDiff newCustomizeDiff (x.go:2)", "docker docker_image name: DiffSuppressFunc newSuppress (x.go:3)"]);
  });

  // The regeneration check needs the providers' source: SIM_GIT_DIR_GOOGLE,
  // SIM_GIT_DIR_KUBERNETES, SIM_GIT_DIR_DOCKER name the git directories
  // (a clone, or the search tool's fetched mirror, /work/.mirror/<owner>+<repo>/repo).
  for (const provider of Object.keys(extractedFacts)) {
    const gitDir = process.env[`SIM_GIT_DIR_${provider.toUpperCase()}`];
    const skip = gitDir ? false : `SIM_GIT_DIR_${provider.toUpperCase()} names no git directory of ${extractedFacts[provider].repository}, so the extractor cannot run here`;
    it(`regenerate ${provider}'s file from its source at the tag with no difference, twice`, { skip }, () => {
      const facts = handFacts[provider];
      const types = typesToExtract(root, provider, facts);
      const run = () => renderExtracted(extractProvider(provider, facts.repository, gitDir!, extractedFacts[provider].tag, types.resources, types.dataSources));
      const first = run();
      assert.equal(first, readFileSync(join(root, "sim", "facts", "extracted", `${provider}.ts`), "utf8"));
      assert.equal(run(), first);
    });
  }
});

/** Each plan-time function the extracted facts name that plan-time.ts neither interprets nor lists in leftOut. */
function uninterpreted(tables: { readonly [provider: string]: ExtractedProviderFacts }): string[] {
  const found: string[] = [];
  for (const [provider, facts] of Object.entries(tables)) {
    // Resources and data sources apart: a type may be both (google_container_cluster).
    for (const [type, typeFacts] of [...Object.entries(facts.resources), ...Object.entries(facts.dataSources)]) {
      for (const use of typeFacts.customizeDiff) {
        const { name } = parseUse(use);
        if (!customizers[name] && leftOut[name] === undefined) found.push(`${provider} ${type}: CustomizeDiff ${use.name} (${use.source})`);
      }
      for (const [path, attribute] of Object.entries(typeFacts.attributes)) {
        if (attribute.diffSuppress) {
          const key = attribute.diffSuppress.name === "func(...)" ? `${type} ${path}` : parseUse(attribute.diffSuppress).name;
          if (!suppressorFor(type, path, attribute.diffSuppress) && leftOut[key] === undefined) found.push(`${provider} ${type} ${path}: DiffSuppressFunc ${attribute.diffSuppress.name} (${attribute.diffSuppress.source})`);
        }
        if (attribute.stateFunc && !stateFuncs[`${type} ${path}`]) found.push(`${provider} ${type} ${path}: StateFunc ${attribute.stateFunc.name} (${attribute.stateFunc.source})`);
      }
    }
  }
  return found;
}

describe("the extractor on a small provider of its own (runs everywhere)", () => {
  // A made-up SDK provider in a git repository, laid out as the docker provider is,
  // with the shapes the real ones use: a helper with bool parameters, a branch it
  // does not take, a local map with entries added, comments before entries.
  const source = `package provider

import "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"

func Provider() *schema.Provider {
	return &schema.Provider{
		ResourcesMap: map[string]*schema.Resource{
			"docker_thing": resourceThing(),
		},
	}
}

func resourceThing() *schema.Resource {
	return &schema.Resource{
		CustomizeDiff: customdiff.All(
			customdiff.ForceNewIfChange("size", isShrinking),
			thingCustomizeDiff,
		),
		Schema: map[string]*schema.Schema{
			// The name comes first
			"name": {
				Type:             schema.TypeString,
				Required:         true,
				ForceNew:         true,
				DiffSuppressFunc: tpgresource.CaseDiffSuppress,
			},
			"meta": metaSchema(true, false),
			"spec": {
				Type:     schema.TypeList,
				Optional: true,
				Computed: true,
				MaxItems: 1,
				Elem:     &schema.Resource{Schema: specFields()},
			},
		},
	}
}

func metaSchema(namespaced bool, generated bool) *schema.Schema {
	fields := map[string]*schema.Schema{
		"labels": {Type: schema.TypeMap, Optional: true, Sensitive: true},
	}
	if namespaced {
		fields["namespace"] = &schema.Schema{Type: schema.TypeString, Optional: true, ForceNew: true, Default: "default"}
	}
	if generated {
		fields["generate_name"] = &schema.Schema{Type: schema.TypeString, Optional: true, ForceNew: true}
	}
	return &schema.Schema{Type: schema.TypeList, Required: true, MaxItems: 1, Elem: &schema.Resource{Schema: fields}}
}

func specFields() map[string]*schema.Schema {
	return map[string]*schema.Schema{
		"size": {Type: schema.TypeInt, Optional: true, Default: 3},
		"location": {Type: schema.TypeString, Optional: true, StateFunc: func(v interface{}) string { return strings.ToUpper(v.(string)) }},
	}
}
`;

  function repository(): string {
    const dir = tempDir("extractor-");
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
    git("init", "-q");
    mkdirSync(join(dir, "internal", "provider"), { recursive: true });
    writeFileSync(join(dir, "go.mod"), "module example.com/terraform-provider-docker\n");
    writeFileSync(join(dir, "internal", "provider", "provider.go"), source);
    git("add", "-A");
    git("commit", "-qm", "provider");
    git("tag", "v0.0.1");
    return join(dir, ".git");
  }

  it("walks helpers, bound parameters, branches and nested blocks, each fact at its line, the same text twice", () => {
    const gitDir = repository();
    const extract = () => extractProvider("docker", "example/terraform-provider-docker", gitDir, "v0.0.1", ["docker_thing"], []);
    const extracted = extract();
    const thing = extracted.resources.docker_thing;
    const at = (line: number) => `internal/provider/provider.go:${line}`;
    assert.deepEqual(thing.unresolved, []);
    assert.deepEqual(thing.customizeDiff, [
      { name: 'customdiff.ForceNewIfChange("size", isShrinking)', source: at(16) },
      { name: "thingCustomizeDiff", source: at(17) },
    ]);
    assert.deepEqual(thing.attributes, {
      name: { forceNew: at(24), diffSuppress: { name: "tpgresource.CaseDiffSuppress", source: at(25) } },
      meta: { maxItems: { value: 1, source: at(49) } },
      "meta.labels": { sensitive: at(41) },
      // namespaced is true: its branch is taken; generated is false: generate_name is not in the schema.
      "meta.namespace": { forceNew: at(44), default: { value: "default", source: at(44) } },
      spec: { optionalComputed: at(31), maxItems: { value: 1, source: at(32) } },
      "spec.size": { default: { value: 3, source: at(54) } },
      "spec.location": { stateFunc: { name: "func(...)", source: at(55) } },
    });
    assert.equal(renderExtracted(extract()), renderExtracted(extracted));
  });
});
