// Issue 9, acceptance 1: no credential in any state or saved plan. All stacks
// are applied through the provider simulator in key mode (CI_AUTH=key) and in
// keyless mode (CI_AUTH=oidc); every state file and every saved plan
// (`terraform show -json`) is scanned for non-empty values of the attributes
// the providers mark Sensitive (the list comes from sim/facts, each with its
// file:line at the provider's pinned tag, and is printed with the results).
//
// Expected: none found (the first version's stacks failed it, naming the
// workload's access token and the identity stack's private keys). A tampered
// workload that re-adds data.google_client_config shows that the scan does
// find a credential.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { describeSetting, settingNames } from "../../lib/config";
import { digestPath } from "../../lib/digest";
import { providerFacts } from "../../sim/facts";
import { errorsOf, findTerraform, inDependencyOrder, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { root } from "../support";
import { placeCertificates } from "./certificates";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;

interface SensitiveAttribute {
  readonly mode: "managed" | "data";
  readonly type: string;
  /** Dotted path from the type's top, list indexes left out. */
  readonly path: string;
  readonly citation: string;
}

/** Every attribute the providers' source marks Sensitive, for the types the facts record. */
export function sensitiveAttributes(): SensitiveAttribute[] {
  const found: SensitiveAttribute[] = [];
  for (const facts of Object.values(providerFacts)) {
    for (const [mode, table] of [["managed", facts.resources], ["data", facts.dataSources]] as const) {
      for (const [type, typeFacts] of Object.entries(table)) {
        for (const [path, attribute] of Object.entries(typeFacts.attributes)) {
          if (attribute.sensitive) found.push({ mode, type, path, citation: `${facts.repository} ${facts.tag} ${attribute.sensitive}` });
        }
      }
    }
  }
  return found;
}

const sensitive = sensitiveAttributes();

/** Values at a dotted path, crossing lists and sets element by element. */
function valuesAt(value: unknown, steps: readonly string[]): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, steps));
  if (steps.length === 0) return [value];
  if (typeof value !== "object") return [];
  return valuesAt((value as Record<string, unknown>)[steps[0]], steps.slice(1));
}

const nonEmpty = (value: unknown) => value !== null && value !== undefined && value !== "" && !(typeof value === "object" && Object.keys(value as object).length === 0);

/** Sensitive values in one object of `type`: "<where> <type>.<name> <path>" for each non-empty one. */
function secretsIn(where: string, mode: string, type: string, name: string, values: unknown): string[] {
  return sensitive
    .filter((attribute) => attribute.mode === mode && attribute.type === type)
    .filter((attribute) => valuesAt(values, attribute.path.split(".")).some(nonEmpty))
    .map((attribute) => `${where}: ${mode === "data" ? "data." : ""}${type}.${name} ${attribute.path} (${attribute.citation})`);
}

/** Findings in a state file (format version 4). */
export function secretsInState(where: string, state: any): string[] {
  return (state.resources ?? []).flatMap((resource: any) =>
    (resource.instances ?? []).flatMap((instance: any) => secretsIn(where, resource.mode, resource.type, resource.name, instance.attributes)),
  );
}

/** Findings in a saved plan as `terraform show -json` prints it: the changes, the planned values and the prior state. */
export function secretsInPlan(where: string, plan: any): string[] {
  const modules = (module: any): any[] => (module ? [module, ...(module.child_modules ?? []).flatMap(modules)] : []);
  const resources = [
    ...modules(plan.planned_values?.root_module),
    ...modules(plan.prior_state?.values?.root_module),
  ].flatMap((module) => module.resources ?? []);
  return [
    ...resources.flatMap((resource: any) => secretsIn(where, resource.mode, resource.type, resource.name, resource.values)),
    ...(plan.resource_changes ?? []).flatMap((change: any) =>
      [change.change?.before, change.change?.after].flatMap((values) => secretsIn(where, change.mode, change.type, change.name, values)),
    ),
  ];
}

/** The keyless settings as the agreed interface names them (BRIEF.md); their environment variables come from lib/config.ts. */
const keylessSettings: Record<string, string> = {
  githubRepository: "example-org/mlops-model",
  githubRepositoryId: "123456789",
  githubOwnerId: "987654321",
};

function environmentFor(mode: "key" | "oidc"): { env: NodeJS.ProcessEnv; missing: string[] } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const missing: string[] = [];
  const set = (name: string, value: string) => {
    const variable = (settingNames as readonly string[]).includes(name) ? describeSetting(name as any).env : undefined;
    if (variable) env[variable] = value;
    else missing.push(name);
  };
  set("ciAuth", mode);
  if (mode === "oidc") for (const [name, value] of Object.entries(keylessSettings)) set(name, value);
  return { env, missing };
}

function ok(run: TerraformRun): TerraformRun {
  assert.equal(run.code, 0, `terraform ${run.args.join(" ")} in ${run.stack} failed:\n${errorsOf(run).join("\n")}`);
  return run;
}

/** Plans (saved), shows and applies every stack in order; returns the findings in each saved plan and each state. */
async function applyAndScan(workspace: OfflineWorkspace): Promise<string[]> {
  writeFileSync(join(workspace.buildContext, "Dockerfile"), "FROM python:3.11-slim\n");
  placeCertificates(workspace);
  const env = { TF_VAR_model_digest: digestPath(workspace.buildContext), TF_VAR_model_commit: "0".repeat(40) };
  const findings: string[] = [];
  const outcomes = await inDependencyOrder(workspace.stacks, async (stack) => {
    const runs = [
      await workspace.terraform(stack.name, ["init", "-input=false", "-no-color"]),
      await workspace.terraform(stack.name, ["plan", "-input=false", "-lock=false", "-no-color", "-out=scan.tfplan"], env),
    ];
    if (runs.some((run) => run.code !== 0)) return { ok: false, result: runs.find((run) => run.code !== 0)! };
    const shown = await workspace.terraform(stack.name, ["show", "-json", "scan.tfplan"]);
    findings.push(...secretsInPlan(`${stack.name} saved plan`, JSON.parse(ok(shown).stdout)));
    const apply = await workspace.terraform(stack.name, ["apply", "-input=false", "-lock=false", "-no-color", "scan.tfplan"], env);
    return { ok: apply.code === 0, result: apply };
  });
  for (const stack of workspace.stacks) ok(outcomes.get(stack.name)!.result!);
  for (const stack of workspace.stacks) {
    findings.push(...secretsInState(`${stack.name} state`, JSON.parse(readFileSync(workspace.statePath(stack.name), "utf8"))));
  }
  return findings;
}

describe(`no credential in any state or saved plan (issue 9): ${sensitive.length} sensitive attributes from the providers' source`, { skip }, () => {
  const workspaces: OfflineWorkspace[] = [];
  after(() => Promise.all(workspaces.map((workspace) => workspace.close())));
  const open = async (env: NodeJS.ProcessEnv) => {
    // The tampered copy re-adds data.google_client_config, which the stacks may no longer use.
    const workspace = await OfflineWorkspace.open({ projectRoot: root, env, buildContext: "empty", alsoServe: { dataSources: ["google_client_config"] } });
    workspaces.push(workspace);
    return workspace;
  };

  it("lists the sensitive attributes it scans for, each with its citation", () => {
    process.stdout.write(sensitive.map((attribute) => `# sensitive: ${attribute.mode} ${attribute.type}.${attribute.path} (${attribute.citation})\n`).join(""));
    const names = sensitive.map((attribute) => `${attribute.mode} ${attribute.type}.${attribute.path}`);
    for (const expected of ["managed google_service_account_key.private_key", "data google_client_config.access_token"]) {
      assert.ok(names.includes(expected), `the facts do not mark ${expected} sensitive`);
    }
  });

  let keyWorkspace: OfflineWorkspace | undefined;

  it("key mode (CI_AUTH=key): no stack's state or saved plan holds a sensitive value", async () => {
    const { env } = environmentFor("key");
    keyWorkspace = await open(env);
    const findings = await applyAndScan(keyWorkspace);
    assert.deepEqual(findings, [], `credentials found:\n${findings.join("\n")}`);
  });

  it("keyless mode (CI_AUTH=oidc with the repository settings): no stack's state or saved plan holds a sensitive value", async () => {
    const { env, missing } = environmentFor("oidc");
    assert.deepEqual(missing, [], `lib/config.ts has no setting named ${missing.join(", ")} (BRIEF.md's agreed names): the keyless mode cannot be configured here`);
    const findings = await applyAndScan(await open(env));
    assert.deepEqual(findings, [], `credentials found:\n${findings.join("\n")}`);
  });

  it("finds the access token in a tampered workload that re-adds data.google_client_config", async () => {
    const workspace = keyWorkspace ?? (await open(environmentFor("key").env));
    if (!existsSync(workspace.statePath("cluster"))) await applyAndScan(workspace).catch(() => []);
    const source = workspace.stack("workload").dir;
    const dir = join(source, "..", "tampered-workload");
    mkdirSync(dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(source, "cdk.tf.json"), "utf8"));
    json.data = { ...json.data, google_client_config: { ...json.data?.google_client_config, tampered: {} } };
    json.terraform.backend = { local: { path: "terraform.tampered.tfstate" } };
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
    if (existsSync(join(source, ".terraform.lock.hcl"))) cpSync(join(source, ".terraform.lock.hcl"), join(dir, ".terraform.lock.hcl"));
    const env = { TF_VAR_model_digest: digestPath(workspace.buildContext), TF_VAR_model_commit: "0".repeat(40) };
    ok(await workspace.terraformIn(dir, ["init", "-input=false", "-no-color"]));
    ok(await workspace.terraformIn(dir, ["plan", "-input=false", "-lock=false", "-no-color", "-out=scan.tfplan"], env));
    const planFindings = secretsInPlan("tampered saved plan", JSON.parse(ok(await workspace.terraformIn(dir, ["show", "-json", "scan.tfplan"])).stdout));
    ok(await workspace.terraformIn(dir, ["apply", "-input=false", "-lock=false", "-no-color", "scan.tfplan"], env));
    const stateFindings = secretsInState("tampered state", JSON.parse(readFileSync(join(dir, "terraform.tampered.tfstate"), "utf8")));
    assert.ok(stateFindings.some((finding) => finding.includes("data.google_client_config.tampered access_token")), stateFindings.join("\n"));
    assert.ok(planFindings.some((finding) => finding.includes("google_client_config.tampered access_token")), planFindings.join("\n"));
  });
});
