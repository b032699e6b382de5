// The provider simulator's parts, without Terraform: wire values, schemas
// derived from the installed bindings, the provider facts applied (schema,
// validation, replacement), plan/apply semantics, failure injection, and the
// gRPC service itself. __tests__/terraform/ runs real Terraform against it.
// Facts here are small objects built in the test (facts are data); the real
// ones (sim/facts) are held by __tests__/terraform/mutations.test.ts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { applyObject, planObject, readDataObject } from "../sim/behaviour";
import { BindingsError, BindingsPackage } from "../sim/bindings";
import { conform, decodeMsgpack, encodeMsgpack, isUnknown, ObjectValue, UNKNOWN } from "../sim/cty";
import { providersUsed, schemasForStacks, StackJson } from "../sim/providers";
import { currentFailures, failureFor, failuresFromEnvironment, parseFailures, resourceConfigs } from "../sim/failures";
import { TypeFacts } from "../sim/facts/types";
import { diffSuppressors, planTime } from "../sim/plan-time";
import { replacementPaths, validateConfig, withFacts } from "../sim/rules";
import { Block, blockType } from "../sim/schema";
import { everySchema } from "../sim/schema-cache";
import { Simulator, startSimulator } from "../sim/server";
import { root, tempDir } from "./support";

/** The reviewed synthesized stacks (__tests__/synthesized), by stack name. */
function reviewedStacks(): Map<string, StackJson> {
  const dir = join(root, "__tests__", "synthesized");
  const stacks = new Map<string, StackJson>();
  for (const file of readdirSync(dir)) {
    const match = /^stacks__(\w+)__cdk\.tf\.json$/.exec(file);
    if (match) stacks.set(match[1], JSON.parse(readFileSync(join(dir, file), "utf8")));
  }
  return stacks;
}

const google = new BindingsPackage("@cdktf/provider-google", root);
const kubernetes = new BindingsPackage("@cdktf/provider-kubernetes", root);
const docker = new BindingsPackage("@cdktf/provider-docker", root);

/** The block or attribute at a path of Terraform names. */
function schemaAt(block: Block, path: readonly string[]): { block?: Block; description?: string } {
  let current = block;
  for (const [index, step] of path.entries()) {
    const last = index === path.length - 1;
    if (current.attributes[step] && last) return { description: current.attributes[step].description };
    const nested = current.blocks[step];
    if (!nested) return {};
    current = nested.block;
  }
  return { block: current };
}

describe("wire values (object-wire-format.md)", () => {
  it("encodes an unknown as MessagePack extension 0, as older Terraform expects", () => {
    assert.deepEqual([...encodeMsgpack(UNKNOWN)], [0xd4, 0x00, 0x00]);
  });

  it("reads any extension as unknown, including Terraform's refined unknowns (extension 12)", () => {
    // {"a": <extension 12 holding the refinement map {1: false}, "definitely not null">}
    const refined = Uint8Array.from([0x81, 0xa1, 0x61, 0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2]);
    const value = decodeMsgpack(refined) as ObjectValue;
    assert.ok(isUnknown(value.a));
  });

  it("round-trips nested values with nulls and unknowns", () => {
    const value = { name: "x", count: 3, ratio: 0.5, on: true, tags: ["a"], labels: { k: "v" }, later: UNKNOWN, none: null };
    assert.deepEqual(decodeMsgpack(encodeMsgpack(value)), value);
  });

  it("shapes state JSON to the schema: missing attributes null, unknown ones dropped, wrong types refused", () => {
    const type = ["object", { name: "string", size: "number", tags: ["list", "string"] }] as const;
    assert.deepEqual(conform(type, { name: "x", extra: 1 }), { name: "x", size: null, tags: null });
    assert.throws(() => conform(type, { name: "x", tags: "a" }), /value\.tags is "a": expected a list/);
  });
});

describe("schemas derived from the installed bindings", () => {
  const registryImage = docker.resourceSchema("docker_registry_image");
  const image = docker.resourceSchema("docker_image");
  const deployment = kubernetes.resourceSchema("kubernetes_deployment_v1");

  it("serves each provider at the version its bindings were generated from", () => {
    assert.deepEqual(
      [google, kubernetes, docker].map((bindings) => `${bindings.address}@${bindings.version}`),
      ["registry.terraform.io/hashicorp/google@6.50.0", "registry.terraform.io/hashicorp/kubernetes@2.38.0", "registry.terraform.io/kreuzwerker/docker@3.6.2"],
    );
  });

  it("knows required, optional and computed-only attributes, and their types", () => {
    const { name, triggers, sha256_digest } = registryImage.attributes;
    assert.deepEqual([name.type, name.required, name.computed], ["string", true, false]);
    assert.deepEqual([triggers.type, triggers.optional], [["map", "string"], true]);
    assert.deepEqual([sha256_digest.type, sha256_digest.optional, sha256_digest.computed], ["string", false, true]);
  });

  it("knows nested blocks: single ones (max 1), required ones (min 1), and lists", () => {
    assert.deepEqual({ ...registryImage.blocks.auth_config, block: undefined }, { nesting: "list", block: undefined, minItems: 0, maxItems: 1 });
    assert.deepEqual([deployment.blocks.metadata.minItems, deployment.blocks.metadata.maxItems], [1, 1]);
    const pod = schemaAt(deployment, ["spec", "template", "spec"]).block!;
    assert.equal(pod.blocks.container.nesting, "list");
    assert.equal(pod.blocks.container.maxItems, 0);
    assert.equal(image.blocks.timeouts.nesting, "single");
  });

  it("uses the Terraform name where the bindings rename an argument (docker_image build -> buildAttribute)", () => {
    assert.ok(image.blocks.build);
    assert.equal(image.blocks.build.block.attributes.context.required, true);
  });

  it("reads computed nested values as attributes, with sets where the bindings convert to a set", () => {
    const cluster = google.dataSourceSchema("google_container_cluster");
    const masterAuth = cluster.attributes.master_auth;
    assert.equal(masterAuth.computed, true);
    assert.deepEqual((masterAuth.type as any)[0], "list");
    assert.equal((masterAuth.type as any)[1][1].cluster_ca_certificate, "string");
    assert.deepEqual((cluster.attributes.enable_k8s_beta_apis.type as any)[1][1].enabled_apis, ["set", "string"]);
  });

  it("has a schema for every resource and data source type the stacks use", () => {
    const stacks = reviewedStacks();
    assert.deepEqual([...stacks.keys()].sort(), ["access", "cluster", "identity", "registry", "workload"]);
    const served = new Map(schemasForStacks(root, stacks).map((schemas) => [schemas.name, schemas]));
    for (const [name, use] of providersUsed(stacks)) {
      for (const type of use.resources) assert.ok(served.get(name)?.resources[type], `no schema for resource ${type}`);
      for (const type of use.dataSources) assert.ok(served.get(name)?.dataSources[type], `no schema for data source ${type}`);
    }
    assert.deepEqual([...served.keys()].sort(), ["docker", "google", "kubernetes"]);
  });

  it("serves every type the bindings generate, also those no stack names, as the real provider does", () => {
    const stacks = new Map<string, StackJson>([["one", { resource: { google_service_account: { a: { account_id: "abcdef" } } } }]]);
    const [served] = schemasForStacks(root, stacks);
    const every = google.types();
    assert.ok(every.resources.length > 1000 && every.dataSources.length > 300, `${every.resources.length} resources, ${every.dataSources.length} data sources`);
    assert.deepEqual(Object.keys(served.resources).sort(), every.resources);
    assert.deepEqual(Object.keys(served.dataSources).sort(), every.dataSources);
    // A type no stack names, with its nested blocks: enough for Terraform to read and destroy it from state.
    assert.equal(served.resources.google_compute_instance.attributes.machine_type.required, true);
    assert.equal(served.resources.google_compute_instance.blocks.boot_disk.nesting, "list");
    // The named type keeps the providers' descriptions; the others are served without (they only show in docs).
    assert.match(served.resources.google_service_account.attributes.account_id.description, /account id/i);
    assert.equal(served.resources.google_compute_instance.attributes.machine_type.description, "");
  });

  it("derives every type once per bindings version, in a child process, and reads it back from the cache", () => {
    const dir = tempDir("schema-cache");
    const first = everySchema(docker, root, dir);
    const cached = readdirSync(dir);
    assert.equal(cached.length, 1);
    assert.match(cached[0], /^_cdktf_provider-docker-3\.6\.2-[0-9a-f]{16}\.json$/);
    assert.deepEqual(Object.keys(first.unreadable), []);
    assert.deepEqual(Object.keys(first.resources).sort(), docker.types().resources);
    // A second call reads the file: what it holds is what is served.
    const path = join(dir, cached[0]);
    const held = JSON.parse(readFileSync(path, "utf8"));
    held.resources.docker_image.attributes.name.description = "from the cache";
    writeFileSync(path, JSON.stringify(held));
    assert.equal(everySchema(docker, root, dir).resources.docker_image.attributes.name.description, "from the cache");
  });

  it("fails, naming each one, when a stack uses a type or provider the bindings do not have", () => {
    const stacks = new Map<string, StackJson>([
      [
        "broken",
        {
          terraform: { required_providers: { google: { source: "google", version: "6.50.0" }, aws: { source: "hashicorp/aws", version: "5.0.0" } } },
          resource: { google_made_up_thing: { x: {} }, google_service_account: { y: {} }, aws_instance: { z: {} } },
          data: { google_made_up_data: { w: {} } },
        },
      ],
    ]);
    assert.throws(() => schemasForStacks(root, stacks), (error: Error) => {
      assert.ok(error instanceof BindingsError);
      assert.match(error.message, /resource google_made_up_thing: @cdktf\/provider-google has no module lib\/made-up-thing/);
      assert.match(error.message, /data google_made_up_data: .* no module lib\/data-google-made-up-data/);
      assert.match(error.message, /provider aws .* no installed @cdktf\/provider-\* package generates registry\.terraform\.io\/hashicorp\/aws/);
      return true;
    });
  });

  it("fails when the stacks pin a provider version other than the bindings'", () => {
    const stacks = new Map<string, StackJson>([["old", { terraform: { required_providers: { google: { source: "google", version: "5.0.0" } } } }]]);
    assert.throws(() => schemasForStacks(root, stacks), /pin version 5\.0\.0, the bindings .* were generated from 6\.50\.0/);
  });
});

describe("plan, apply and read semantics", () => {
  const schema = docker.resourceSchema("docker_registry_image");
  const config = { name: "host/app:1", triggers: { model_digest: "sha256:1" } };
  const proposed = conform(blockType(schema), config) as ObjectValue;
  const provider = { providerName: "docker", provider: {} };

  it("plans computed attributes left out as unknown on create", () => {
    const planned = planObject(schema, proposed, null);
    assert.ok(isUnknown(planned.sha256_digest) && isUnknown(planned.id));
    assert.equal(planned.name, "host/app:1");
  });

  it("fills unknowns at apply deterministically and type-correctly; optional arguments left out stay null", () => {
    const planned = planObject(schema, proposed, null);
    const first = applyObject("docker_registry_image", schema, planned, provider);
    assert.deepEqual(applyObject("docker_registry_image", schema, planned, provider), first);
    assert.match(first.sha256_digest as string, /^sha256:[0-9a-f]{64}$/);
    assert.equal(typeof first.id, "string");
    assert.equal(first.keep_remotely, null);
    const other = applyObject("docker_registry_image", schema, planObject(schema, { ...proposed, name: "host/app:2" }, null), provider);
    assert.notEqual(other.sha256_digest, first.sha256_digest);
  });

  it("keeps computed values on update, and asks for replacement only where the facts say ForceNew", () => {
    const facts: TypeFacts = { source: "test", attributes: { triggers: { forceNew: "test:1" } } };
    const state = applyObject("docker_registry_image", schema, planObject(schema, proposed, null), provider);
    const renamed = planObject(schema, { ...state, name: "host/app:2" }, state);
    assert.equal(renamed.sha256_digest, state.sha256_digest);
    assert.deepEqual(replacementPaths(schema, facts, state, renamed), []);
    const retriggered = planObject(schema, { ...state, triggers: { model_digest: "sha256:2" } }, state);
    assert.deepEqual(replacementPaths(schema, facts, state, retriggered), [["triggers"]]);
    assert.deepEqual(replacementPaths(schema, undefined, state, retriggered), [], "no facts: every change is an update");
  });

  it("finds replacement paths inside list blocks (kubernetes metadata[0].name), and counts a change to unknown", () => {
    const namespaceSchema = kubernetes.resourceSchema("kubernetes_namespace_v1");
    const facts: TypeFacts = { source: "test", attributes: { "metadata.name": { forceNew: "test:1" } } };
    const namespace = (name: string) => conform(blockType(namespaceSchema), { metadata: [{ name }] }) as ObjectValue;
    assert.deepEqual(replacementPaths(namespaceSchema, facts, namespace("live"), namespace("next")), [["metadata", 0, "name"]]);
    assert.deepEqual(replacementPaths(namespaceSchema, facts, namespace("live"), namespace("live")), []);
    assert.deepEqual(replacementPaths(namespaceSchema, facts, namespace("live"), { ...namespace("live"), metadata: [{ ...(namespace("x").metadata as ObjectValue[])[0], name: UNKNOWN }] }), [["metadata", 0, "name"]]);
  });

  it("compares a set block as a whole for a ForceNew attribute inside it", () => {
    const repository = google.resourceSchema("google_artifact_registry_repository");
    const facts: TypeFacts = { source: "test", attributes: { "cleanup_policies.action": { forceNew: "test:1" } } };
    const withPolicies = (...actions: string[]) =>
      conform(blockType(repository), { repository_id: "r", cleanup_policies: actions.map((action, index) => ({ id: `p${index}`, action })) }) as ObjectValue;
    assert.deepEqual(replacementPaths(repository, facts, withPolicies("KEEP", "DELETE"), withPolicies("KEEP", "DELETE")), []);
    assert.deepEqual(replacementPaths(repository, facts, withPolicies("KEEP"), withPolicies("DELETE")), [["cleanup_policies"]]);
  });

  it("correlates set elements by value: an unchanged element keeps its computed values", () => {
    const repository = google.resourceSchema("google_artifact_registry_repository");
    const policy = (id: string) => conform(blockType(repository.blocks.cleanup_policies.block), { id, action: "KEEP" }) as ObjectValue;
    const base = conform(blockType(repository), { repository_id: "r", cleanup_policies: [policy("a")] }) as ObjectValue;
    const state = applyObject("google_artifact_registry_repository", repository, planObject(repository, base, null), { providerName: "google", provider: { project: "p" } });
    assert.equal(state.project, "p", "google's project comes from the provider's configuration");
    const again = planObject(repository, state, state);
    assert.deepEqual(again, state);
    const added = planObject(repository, { ...state, cleanup_policies: [...(state.cleanup_policies as ObjectValue[]), policy("b")] }, state);
    assert.deepEqual((added.cleanup_policies as ObjectValue[])[0], (state.cleanup_policies as ObjectValue[])[0]);
  });

  it("returns data that a provider configuration can use: one element lists, a base64 CA, a documentation-range endpoint", () => {
    const cluster = google.dataSourceSchema("google_container_cluster");
    const config = conform(blockType(cluster), { name: "c", location: "europe-west6-a" }) as ObjectValue;
    const read = readDataObject("google_container_cluster", cluster, config, { providerName: "google", provider: { project: "p" } });
    assert.deepEqual(readDataObject("google_container_cluster", cluster, config, { providerName: "google", provider: { project: "p" } }), read);
    const ca = ((read.master_auth as ObjectValue[])[0].cluster_ca_certificate as string);
    assert.match(Buffer.from(ca, "base64").toString("utf8"), /^-----BEGIN CERTIFICATE-----\n/);
    assert.match(read.endpoint as string, /^203\.0\.113\.\d+$/);
    assert.equal(read.project, "p");
  });
});

describe("plan-time functions (sim/plan-time.ts)", () => {
  const use = (name: string) => ({ name, source: "x.go:1" });
  const plan = (facts: TypeFacts, planned: ObjectValue, prior: ObjectValue | null, provider: ObjectValue | null = null, type = "t", config: ObjectValue | null = null) =>
    planTime(facts, planned, { type, provider, prior, config });

  it("plans the prior value where a DiffSuppressFunc calls the difference equal, map key by key; a real difference stays", () => {
    const facts: TypeFacts = { source: "x.go:1", attributes: { limits: { diffSuppress: use("suppressEquivalentResourceQuantity") }, format: { diffSuppress: use("tpgresource.CaseDiffSuppress") } } };
    const prior = { limits: { memory: "1Gi", cpu: "1" }, format: "DOCKER" };
    assert.deepEqual(plan(facts, { limits: { memory: "1024Mi", cpu: "1000m" }, format: "docker" }, prior).planned, prior);
    assert.deepEqual(plan(facts, { limits: { memory: "2Gi", cpu: "0.5" }, format: "npm" }, prior).planned, { limits: { memory: "2Gi", cpu: "0.5" }, format: "npm" });
    // On create there is nothing to keep: the configured value is planned.
    assert.deepEqual(plan(facts, { limits: { memory: "1024Mi" }, format: "docker" }, null).planned, { limits: { memory: "1024Mi" }, format: "docker" });
  });

  it("interprets the google helpers as their source says: default-or-empty, self link or name, durations, case-sensitive IAM principals", () => {
    const suppress = (name: string, old: string, now: string, args: string[] = []) => diffSuppressors[name].suppress(old, now, args);
    assert.equal(suppress("tpgresource.EmptyOrDefaultStringSuppress", "", "IPV4", ["IPV4"]), true);
    assert.equal(suppress("tpgresource.EmptyOrDefaultStringSuppress", "IPV6", "IPV4", ["IPV4"]), false);
    assert.equal(suppress("tpgresource.CompareSelfLinkOrResourceName", "https://www.googleapis.com/compute/v1/projects/p/global/networks/n", "n"), true);
    assert.equal(suppress("tpgresource.CompareSelfLinkOrResourceName", "https://www.googleapis.com/compute/v1/projects/p/global/networks/n", "projects/p/global/networks/n"), true);
    assert.equal(suppress("tpgresource.CompareSelfLinkOrResourceName", "https://www.googleapis.com/compute/v1/projects/p/global/networks/n", "other"), false);
    assert.equal(suppress("durationDiffSuppress", "2592000s", "720h"), true);
    assert.equal(suppress("durationDiffSuppress", "2592000s", "30x"), false);
    assert.equal(suppress("iamMemberCaseDiffSuppress", "serviceAccount:a@p.iam.gserviceaccount.com", "serviceAccount:A@P.iam.gserviceaccount.com"), true);
    assert.equal(suppress("iamMemberCaseDiffSuppress", "principalSet://x/Repo", "principalSet://x/repo"), false);
    assert.equal(suppress("tpgresource.CidrOrSizeDiffSuppress", "10.0.0.0/14", "/14"), true);
    assert.equal(suppress("suppressEquivalentResourceQuantity", "250m", "0.25"), true);
    assert.equal(suppress("suppressEquivalentResourceQuantity", "1e3", "1k"), true);
    assert.equal(suppress("suppressEquivalentResourceQuantity", "1Ki", "1k"), false);
    assert.equal(suppress("suppressEquivalentResourceQuantity", "1Gi", "one"), false);
  });

  it("plans a StateFunc's value: the bucket location in upper case, so a case change plans none", () => {
    const facts: TypeFacts = { source: "x.go:1", attributes: { location: { stateFunc: use("func(...)") } } };
    assert.deepEqual(plan(facts, { location: "europe-west6" }, null, null, "google_storage_bucket").planned, { location: "EUROPE-WEST6" });
    assert.deepEqual(plan(facts, { location: "europe-west6" }, null, null, "another_type").planned, { location: "europe-west6" });
  });

  it("plans terraform_labels and effective_labels from the labels, the provider's defaults and the attribution label on create", () => {
    const facts: TypeFacts = { source: "x.go:1", attributes: {}, customizeDiff: [use("tpgresource.SetLabelsDiff")] };
    const provider = { default_labels: { managed_by: "cdktf" } };
    const created = plan(facts, { labels: { app: "m" }, terraform_labels: UNKNOWN, effective_labels: UNKNOWN }, null, provider).planned;
    const expected = { managed_by: "cdktf", "goog-terraform-provisioned": "true", app: "m" };
    assert.deepEqual(created, { labels: { app: "m" }, terraform_labels: expected, effective_labels: expected });
    // An update keeps the attribution label it has, and drops a label Terraform no longer manages.
    const updated = plan(facts, { labels: {}, terraform_labels: expected, effective_labels: { ...expected, gke: "x" } }, created && { ...created, effective_labels: { ...expected, gke: "x" } }, provider).planned;
    assert.deepEqual(updated.terraform_labels, { managed_by: "cdktf", "goog-terraform-provisioned": "true" });
    assert.deepEqual(updated.effective_labels, { managed_by: "cdktf", "goog-terraform-provisioned": "true", gke: "x" });
    assert.deepEqual(plan(facts, { labels: {}, terraform_labels: UNKNOWN, effective_labels: UNKNOWN }, null, { ...provider, add_terraform_attribution_label: false }).planned.terraform_labels, { managed_by: "cdktf" });
    assert.ok(isUnknown(plan(facts, { labels: { app: UNKNOWN }, terraform_labels: UNKNOWN, effective_labels: UNKNOWN }, null, provider).planned.terraform_labels));
  });

  it("replaces only in the direction a ForceNewIfChange names, and sets project from the provider only where left out", () => {
    const facts: TypeFacts = {
      source: "x.go:1",
      attributes: {},
      customizeDiff: [use('customdiff.ForceNewIfChange("enable_l4_ilb_subsetting", isBeenEnabled)'), use('customdiff.ForceNewIfChange("ip_cidr_range", IsShrinkageIpCidr)'), use("tpgresource.DefaultProviderProject")],
    };
    const prior = { enable_l4_ilb_subsetting: true, ip_cidr_range: "10.10.0.0/20", project: "p" };
    assert.deepEqual(plan(facts, { ...prior, enable_l4_ilb_subsetting: false }, prior).replace, [["enable_l4_ilb_subsetting"]]);
    assert.deepEqual(plan(facts, { ...prior, enable_l4_ilb_subsetting: true }, { ...prior, enable_l4_ilb_subsetting: false }).replace, []);
    assert.deepEqual(plan(facts, { ...prior, ip_cidr_range: "10.10.0.0/21" }, prior).replace, [["ip_cidr_range"]]);
    assert.deepEqual(plan(facts, { ...prior, ip_cidr_range: "10.10.0.0/19" }, prior).replace, []);
    const created = { enable_l4_ilb_subsetting: false, ip_cidr_range: "10.0.0.0/24", project: UNKNOWN };
    assert.equal(plan(facts, created, null, { project: "from-provider" }).planned.project, "from-provider");
    assert.equal(plan(facts, { ...created, project: "mine" }, null, { project: "from-provider" }).planned.project, "mine");
    assert.ok(isUnknown(plan(facts, created, null, { project: "from-provider" }, "t", { project: UNKNOWN }).planned.project));
    assert.ok(isUnknown(plan(facts, created, null, {}).planned.project));
  });
});

describe("provider facts applied (sim/rules.ts)", () => {
  const account = google.resourceSchema("google_service_account");
  const cluster = google.resourceSchema("google_container_cluster");
  const deployment = kubernetes.resourceSchema("kubernetes_deployment_v1");
  const accountFacts: TypeFacts = {
    source: "test",
    attributes: {
      account_id: {
        forceNew: "test:1",
        checks: [{ kind: "regex", pattern: "^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$", name: "validateRFC1035Name(6, 30)", message: "must match ^[a-z]...", source: "test:2" }],
      },
      description: { checks: [{ kind: "length", max: 256, message: "must be at most 256 characters", source: "test:3" }] },
      project: { optionalComputed: "test:4" },
      create_ignore_already_exists: { default: { value: false, source: "test:5" } },
    },
  };
  const accountConfig = (values: object) => conform(blockType(account), values as ObjectValue) as ObjectValue;

  it("serves optional arguments as computed only where the facts say Optional+Computed (and id)", () => {
    const served = withFacts(account, accountFacts, "resource");
    assert.equal(served.attributes.project.computed, true);
    assert.equal(served.attributes.id.computed, true);
    assert.equal(served.attributes.description.computed, false);
    assert.equal(account.attributes.description.computed, true, "without facts every optional argument is computed");
    assert.equal(withFacts(account, undefined, "resource"), account);
  });

  it("marks sensitive attributes and sets list block limits from the facts", () => {
    const facts: TypeFacts = {
      source: "test",
      attributes: { "master_auth.client_key": { sensitive: "test:1" }, release_channel: { maxItems: { value: 1, source: "test:2" } } },
    };
    const served = withFacts(cluster, facts, "resource");
    assert.equal(served.blocks.master_auth.block.attributes.client_key.sensitive, true);
    assert.equal(served.blocks.release_channel.maxItems, 1);
  });

  it("runs validators on known values with the provider's message, at the attribute's path; unknown values are skipped", () => {
    assert.deepEqual(validateConfig(account, accountFacts, accountConfig({ account_id: "mlem-service-account" })), []);
    const [finding] = validateConfig(account, accountFacts, accountConfig({ account_id: "MLEM_Service_Account" }));
    assert.deepEqual(finding.path, ["account_id"]);
    assert.equal(finding.summary, "account_id: must match ^[a-z]...");
    assert.match(finding.detail, /got "MLEM_Service_Account"; the provider's validateRFC1035Name\(6, 30\) check \(test:2\)/);
    assert.deepEqual(validateConfig(account, accountFacts, { ...accountConfig({}), account_id: UNKNOWN }), []);
    assert.equal(validateConfig(account, accountFacts, accountConfig({ account_id: "abcdef", description: "x".repeat(257) })).length, 1);
  });

  it("checks nested list elements and map keys, naming the indexed path", () => {
    const facts: TypeFacts = {
      source: "test",
      attributes: {
        "spec.template.spec.container.port.container_port": { checks: [{ kind: "intRange", min: 1, max: 65535, message: "must be a valid port number", source: "t:1" }] },
        "metadata.labels": { checks: [{ kind: "regex", on: "keys", pattern: "^[a-z0-9./-]+$", message: "is not a valid label key", source: "t:2" }] },
      },
    };
    const config = conform(blockType(deployment), {
      metadata: [{ name: "d", labels: { app: "x", "Bad Key": "y" } }],
      spec: [{ template: [{ spec: [{ container: [{ name: "a", port: [{ container_port: 8080 }, { container_port: 70000 }] }] }] }] }],
    }) as ObjectValue;
    const findings = validateConfig(deployment, facts, config);
    assert.deepEqual(findings.map((finding) => finding.path), [
      ["metadata", 0, "labels", "Bad Key"],
      ["spec", 0, "template", 0, "spec", 0, "container", 0, "port", 1, "container_port"],
    ]);
    assert.equal(findings[1].summary, "spec.0.template.0.spec.0.container.0.port.1.container_port: must be a valid port number");
  });

  it("applies ConflictsWith, ExactlyOneOf, AtLeastOneOf, RequiredWith and list limits as the SDK words them", () => {
    const key = google.resourceSchema("google_service_account_key");
    const facts: TypeFacts = {
      source: "test",
      attributes: {
        public_key_data: { conflictsWith: { paths: ["key_algorithm", "private_key_type"], source: "t:1" } },
        keepers: { requiredWith: { paths: ["public_key_type"], source: "t:2" } },
      },
    };
    const config = (values: object) => conform(blockType(key), { service_account_id: "a", ...values }) as ObjectValue;
    assert.deepEqual(validateConfig(key, facts, config({ public_key_data: "pem", key_algorithm: "KEY_ALG_RSA_2048" })).map((f) => f.summary), [
      '"public_key_data": conflicts with key_algorithm',
    ]);
    assert.deepEqual(validateConfig(key, facts, { ...config({ public_key_data: "pem" }), key_algorithm: UNKNOWN }), [], "an unknown may yet be null");
    assert.deepEqual(validateConfig(key, facts, config({ keepers: { a: "1" } })).map((f) => f.summary), ['"keepers": all of `keepers,public_key_type` must be specified']);

    const oneOf: TypeFacts = {
      source: "test",
      attributes: {
        display_name: { exactlyOneOf: { paths: ["description"], source: "t:3" } },
        email: { atLeastOneOf: { paths: ["member"], source: "t:4" } },
      },
    };
    const summaries = (values: object) => validateConfig(account, oneOf, accountConfig({ account_id: "abcdef", ...values })).map((f) => f.summary);
    assert.deepEqual(summaries({ display_name: "x" }), ['"email": one of `email,member` must be specified']);
    assert.deepEqual(summaries({ display_name: "x", description: "y" }).slice(0, 1), ['"display_name": only one of `description,display_name` can be specified, but `description,display_name` were specified.']);
    assert.deepEqual(summaries({}).slice(0, 1), ['"display_name": one of `description,display_name` must be specified']);

    const scopes: TypeFacts = { source: "test", attributes: { "node_config.oauth_scopes": { maxItems: { value: 1, source: "t:5" } } } };
    const clusterConfig = conform(blockType(cluster), { name: "c", node_config: [{ oauth_scopes: ["a", "b"] }] }) as ObjectValue;
    assert.deepEqual(validateConfig(cluster, scopes, clusterConfig).map((f) => f.summary), ["node_config.0.oauth_scopes: attribute supports 1 item maximum, config has 2 declared"]);
  });

  it("plans a left-out argument's default, and keeps a removed non-computed argument null", () => {
    const served = withFacts(account, accountFacts, "resource");
    const created = planObject(served, accountConfig({ account_id: "abcdef" }), null, accountFacts);
    assert.equal(created.create_ignore_already_exists, false);
    assert.ok(isUnknown(created.project));
    assert.equal(created.description, null, "optional, not computed: null, not (known after apply)");
    const state = applyObject("google_service_account", served, created, { providerName: "google", provider: { project: "p" } });
    assert.equal(state.project, "p");
    const removed = planObject(served, { ...state, description: null }, state, accountFacts);
    assert.equal(removed.description, null);
  });

  it("fills a left-out optional+computed block with one element: unknown at create, made up at apply, kept on update", () => {
    const facts: TypeFacts = {
      source: "test",
      attributes: { master_auth: { optionalComputed: "t:1" }, "master_auth.client_certificate_config": { optionalComputed: "t:2" }, node_config: { optionalComputed: "t:3" }, "node_config.disk_size_gb": { optionalComputed: "t:4" } },
    };
    const served = withFacts(cluster, facts, "resource");
    const planned = planObject(served, conform(blockType(served), { name: "c" }) as ObjectValue, null, facts);
    const [auth] = planned.master_auth as ObjectValue[];
    assert.ok(isUnknown(auth.cluster_ca_certificate));
    assert.ok(isUnknown((planned.node_config as ObjectValue[])[0].disk_size_gb));
    const state = applyObject("google_container_cluster", served, planned, { providerName: "google", provider: {} });
    const [applied] = state.master_auth as ObjectValue[];
    assert.match(Buffer.from(applied.cluster_ca_certificate as string, "base64").toString(), /BEGIN CERTIFICATE/);
    assert.deepEqual([applied.client_key, applied.client_certificate], ["", ""], "GKE issues no client certificate unless asked");
    assert.equal(typeof (state.node_config as ObjectValue[])[0].disk_size_gb, "number");
    const again = planObject(served, { ...state, master_auth: [], node_config: [] }, state, facts);
    assert.deepEqual(again.master_auth, state.master_auth);
    assert.deepEqual(replacementPaths(served, { source: "t", attributes: { "node_config.disk_size_gb": { forceNew: "t:5" } } }, state, again), []);
  });

  it("stores no private key for an uploaded public key (google_service_account_key with public_key_data)", () => {
    const key = google.resourceSchema("google_service_account_key");
    const config = (values: object) => conform(blockType(key), { service_account_id: "a", ...values }) as ObjectValue;
    const made = applyObject("google_service_account_key", key, planObject(key, config({}), null), { providerName: "google", provider: {} });
    assert.notEqual(made.private_key, "");
    const uploaded = applyObject("google_service_account_key", key, planObject(key, config({ public_key_data: "LS0t" }), null), { providerName: "google", provider: {} });
    assert.equal(uploaded.private_key, "");
  });
});

describe("failure injection (sim/failures.ts)", () => {
  const stacks = new Map<string, StackJson>([
    ["identity", { resource: { google_service_account: { deployer: { account_id: "deployer", display_name: "${var.x}" }, planner: { account_id: "planner" } } } }],
    ["workload", { resource: { kubernetes_namespace_v1: { namespace: { metadata: { name: "live" } } } } }],
  ]);
  const resources = resourceConfigs(stacks);
  const rules = parseFailures('[{"address": "google_service_account.deployer", "action": "update", "when": "after-save"}]', "test");

  it("matches a request to its address through the literal arguments of the stacks' JSON", () => {
    assert.equal(failureFor(rules, resources, "google_service_account", "update", { account_id: "planner" }), undefined);
    assert.equal(failureFor(rules, resources, "google_service_account", "create", { account_id: "deployer" }), undefined, "only updates");
    const found = failureFor(rules, resources, "google_service_account", "update", { account_id: "deployer", display_name: "anything" });
    assert.match(found!.diagnostic.summary, /^Simulated failure of google_service_account\.deployer \(update, after-save\)$/);
    assert.ok(failureFor(rules, new Map(), "google_service_account", "update", { account_id: "any" }), "without the stacks' JSON, the type alone decides");
    const namespace = parseFailures('{"address": "kubernetes_namespace_v1.namespace", "when": "before-change"}', "test");
    assert.ok(failureFor(namespace, resources, "kubernetes_namespace_v1", "create", { metadata: [{ name: "live", labels: null }] }));
  });

  it("reads SIM_FAIL_APPLY once and SIM_FAIL_APPLY_FILE at every apply, so a test may change it between runs", () => {
    const file = join(tempDir("sim-failures-"), "failures.json");
    const source = failuresFromEnvironment({
      SIM_FAIL_APPLY: '[{"address": "kubernetes_namespace_v1.namespace", "when": "before-change"}]',
      SIM_FAIL_APPLY_FILE: file,
    });
    assert.deepEqual(currentFailures(source).map((rule) => rule.address), ["kubernetes_namespace_v1.namespace"], "no file yet");
    writeFileSync(file, '[{"address": "kubernetes_deployment_v1.deployment", "action": "update", "when": "after-save"}]');
    assert.deepEqual(currentFailures(source).map((rule) => rule.address), ["kubernetes_namespace_v1.namespace", "kubernetes_deployment_v1.deployment"]);
    writeFileSync(file, "");
    assert.equal(currentFailures(source).length, 1);
  });

  it("refuses a bad setting, naming it, its value and the expected form", () => {
    assert.throws(() => parseFailures('[{"address": "deployment", "when": "later"}]', "SIM_FAIL_APPLY"), /^Error: SIM_FAIL_APPLY holds \{"address":"deployment","when":"later"\}: expected a JSON list of/);
    assert.throws(() => parseFailures("nope", "SIM_FAIL_APPLY"), /SIM_FAIL_APPLY is "nope": expected a JSON list/);
  });
});

describe("the gRPC service (plugin protocol 5)", () => {
  let simulator: Simulator;
  let client: any;
  before(async () => {
    const facts: TypeFacts = {
      source: "test",
      attributes: {
        name: { checks: [{ kind: "regex", pattern: "^[a-z0-9./:@-]+$", message: "is not an image name", source: "t:1" }] },
        "auth_config.password": { sensitive: "t:2" },
      },
    };
    simulator = await startSimulator([{ ...docker.schemas(["docker_registry_image"], []), facts: { resources: { docker_registry_image: facts }, dataSources: {} } }]);
    const definition = protoLoader.loadSync(join(root, "sim", "tfplugin5.proto"), { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
    const Provider = (grpc.loadPackageDefinition(definition) as any).tfplugin5.Provider;
    const address = JSON.parse(simulator.reattach)["registry.terraform.io/kreuzwerker/docker"].Addr.String;
    client = new Provider(address, grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await simulator?.close();
  });
  const call = (method: string, request: object) =>
    new Promise<any>((resolve, reject) => client[method](request, (error: Error | null, response: any) => (error ? reject(error) : resolve(response))));

  it("offers a reattach configuration Terraform understands", () => {
    const entry = JSON.parse(simulator.reattach)["registry.terraform.io/kreuzwerker/docker"];
    assert.deepEqual({ ...entry, Addr: { ...entry.Addr, String: "" } }, {
      Protocol: "grpc",
      ProtocolVersion: 5,
      Pid: process.pid,
      Test: true,
      Addr: { Network: "tcp", String: "" },
    });
  });

  it("answers GetSchema with the derived schema, types as JSON", async () => {
    const response = await call("GetSchema", {});
    const attributes = response.resource_schemas.docker_registry_image.block.attributes;
    const digest = attributes.find((attribute: any) => attribute.name === "sha256_digest");
    assert.equal(Buffer.from(digest.type).toString(), '"string"');
    assert.equal(digest.computed, true);
    assert.equal(response.resource_schemas.docker_registry_image.block.block_types[0].nesting, "LIST");
  });

  it("validates from the facts over the wire: the error names the attribute by its path; the schema marks sensitive attributes", async () => {
    const schema = docker.resourceSchema("docker_registry_image");
    const config = (name: string) => ({ msgpack: encodeMsgpack(conform(blockType(schema), { name })) });
    const bad = await call("ValidateResourceTypeConfig", { type_name: "docker_registry_image", config: config("Host/App") });
    assert.equal(bad.diagnostics.length, 1);
    assert.equal(bad.diagnostics[0].severity, "ERROR");
    assert.equal(bad.diagnostics[0].summary, "name: is not an image name");
    assert.deepEqual(bad.diagnostics[0].attribute.steps.map((step: any) => step.attribute_name), ["name"]);
    assert.deepEqual((await call("ValidateResourceTypeConfig", { type_name: "docker_registry_image", config: config("host/app:1") })).diagnostics, []);
    const response = await call("GetSchema", {});
    const authConfig = response.resource_schemas.docker_registry_image.block.block_types.find((nested: any) => nested.type_name === "auth_config");
    assert.equal(authConfig.block.attributes.find((attribute: any) => attribute.name === "password").sensitive, true);
    assert.equal(authConfig.block.attributes.find((attribute: any) => attribute.name === "address").sensitive, false);
  });

  it("plans over the wire, and reports an unknown type as an error diagnostic", async () => {
    const proposed = conform(blockType(docker.resourceSchema("docker_registry_image")), { name: "host/app:1" });
    const response = await call("PlanResourceChange", { type_name: "docker_registry_image", proposed_new_state: { msgpack: encodeMsgpack(proposed) }, prior_state: { msgpack: encodeMsgpack(null) } });
    assert.ok(isUnknown((decodeMsgpack(response.planned_state.msgpack) as ObjectValue).sha256_digest));
    const unknown = await call("PlanResourceChange", { type_name: "docker_container", proposed_new_state: { msgpack: encodeMsgpack({}) } });
    assert.equal(unknown.diagnostics[0].severity, "ERROR");
    assert.match(unknown.diagnostics[0].detail, /no schema for resource type docker_container/);
  });
});
