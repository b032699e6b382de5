// The provider facts (sim/facts/) are data read from the providers' source at
// the pinned tags. Every fact must say where it stands, and every type the
// stacks use must have its entry, so a new resource type cannot slip in with
// the simulator knowing nothing of it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { providerFacts } from "../sim/facts";
import { ProviderFacts, TypeFacts } from "../sim/facts/types";
import { root } from "./support";

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
