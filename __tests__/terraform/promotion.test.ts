// Build once, through real Terraform 1.11.4 and the provider simulator: with
// environments staging and production, production runs only the image that
// staging recorded as deployed and checked, by registry digest, and its plan
// refuses any other digest, naming both. The stacks are the real ones,
// synthesized with MODEL_ENVIRONMENTS=staging,production.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../../lib/digest";
import { stackStatus, statusText } from "../../scripts/stack-status";
import { errorsOf, findTerraform, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { root } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;

const COMMIT = "a".repeat(40);
const NEVER_DEPLOYED = `sha256:${"e".repeat(64)}`;

describe("promotion from staging to production, through real Terraform", { skip }, () => {
  let workspace: OfflineWorkspace;
  let digest: string;

  const ok = (run: TerraformRun, what: string) => assert.equal(run.code, 0, `${what}:\n${errorsOf(run).join("\n")}`);
  const init = (stack: string) => workspace.terraform(stack, ["init", "-input=false", "-no-color"]);
  const vars = (values: Record<string, string>) => Object.entries(values).flatMap(([name, value]) => ["-var", `${name}=${value}`]);
  const apply = (stack: string, values: Record<string, string> = {}) =>
    workspace.terraform(stack, ["apply", "-auto-approve", "-input=false", "-json", ...vars(values)]);
  const plan = (stack: string, values: Record<string, string>) => workspace.terraform(stack, ["plan", "-input=false", "-json", "-lock=false", ...vars(values)]);
  const outputs = async (stack: string): Promise<Record<string, string>> => {
    const run = await workspace.terraform(stack, ["output", "-json"]);
    ok(run, `terraform output of ${stack}`);
    return Object.fromEntries(Object.entries<{ value: string }>(JSON.parse(run.stdout)).map(([name, { value }]) => [name, value]));
  };
  const deployed = (stack: string, model: string, extra: Record<string, string> = {}) =>
    apply(stack, { model_digest: model, model_commit: COMMIT, ...extra });

  before(async () => {
    workspace = await OfflineWorkspace.open({
      projectRoot: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, MODEL_ENVIRONMENTS: "staging,production" },
      buildContext: "empty",
    });
    writeFileSync(join(workspace.buildContext, "model.txt"), "first model\n");
    digest = digestPath(workspace.buildContext);
    for (const stack of ["identity", "registry", "cluster", "workload-staging", "workload"]) ok(await init(stack), `init ${stack}`);
    ok(await apply("identity", { preview_without_ci_platform: "true" }), "apply identity");
    for (const stack of ["registry", "cluster"]) ok(await apply(stack), `apply ${stack}`);
  });
  after(() => workspace?.close());

  it("refuses to promote what staging deployed but never checked, naming the digest and what staging checked", async () => {
    ok(await deployed("workload-staging", digest), "staging deploy");
    assert.equal((await outputs("workload-staging")).checked_model_digest, "", "a deploy alone records nothing as checked");
    const refused = await plan("workload", { model_digest: digest, model_commit: COMMIT });
    assert.equal(refused.code, 1);
    assert.ok(
      errorsOf(refused).some((text) => text.includes(`model_digest ${digest} was never recorded as deployed and checked in staging: staging recorded nothing as checked`)),
      errorsOf(refused).join("\n"),
    );
  });

  it("records as checked only the digest staging deployed", async () => {
    const refused = await deployed("workload-staging", digest, { checked_model_digest: NEVER_DEPLOYED });
    assert.equal(refused.code, 1);
    assert.ok(errorsOf(refused).some((text) => text.includes("checked_model_digest is not the model_digest this apply deploys to staging")), errorsOf(refused).join("\n"));
    assert.equal((await outputs("workload-staging")).checked_model_digest, "");
    const malformed = await plan("workload-staging", { model_digest: digest, model_commit: COMMIT, checked_model_digest: "sha256:abc" });
    assert.equal(malformed.code, 1);
    assert.ok(errorsOf(malformed).some((text) => text.includes("checked_model_digest must be empty or sha256: followed by 64 lowercase hex digits")), errorsOf(malformed).join("\n"));
  });

  it("promotes the image staging checked, by registry digest, and refuses any other digest naming both", async () => {
    const checked = await deployed("workload-staging", digest, { checked_model_digest: digest });
    ok(checked, "staging check recorded");
    const staging = await outputs("workload-staging");
    assert.equal(staging.checked_model_digest, digest);
    assert.equal(staging.checked_image, staging.image);
    assert.match(staging.checked_image, /^europe-west6-docker\.pkg\.dev\/[a-z0-9-]+\/mlops-registry\/mlops-classifier@sha256:[0-9a-f]{64}$/);

    const other = await plan("workload", { model_digest: NEVER_DEPLOYED, model_commit: COMMIT });
    assert.equal(other.code, 1);
    assert.ok(
      errorsOf(other).some((text) => text.includes(`model_digest ${NEVER_DEPLOYED} was never recorded as deployed and checked in staging: staging recorded ${digest} as checked`)),
      errorsOf(other).join("\n"),
    );

    const promoted = await deployed("workload", digest);
    ok(promoted, "production promotion");
    const production = await outputs("workload");
    assert.equal(production.image, staging.checked_image, "production runs exactly the image staging checked");
    assert.equal(production.model_digest, digest);
    assert.equal(production.model_commit, staging.checked_model_commit);
    const shown = JSON.parse((await workspace.terraform("workload", ["show", "-json"])).stdout);
    const resources = shown.values.root_module.resources as Array<{ address: string; values: any }>;
    assert.equal(resources.some((resource) => resource.address.startsWith("docker_")), false, "production builds and pushes nothing");
    const deployment = resources.find((resource) => resource.address === "kubernetes_deployment_v1.deployment")!;
    assert.equal(deployment.values.spec[0].template[0].spec[0].container[0].image, staging.checked_image);
    assert.equal(deployment.values.metadata[0].namespace, "live");
  });

  it("npm run status shows each environment: digest, commit, URL, image and what staging checked", async () => {
    const run = async (args: string[], directory: string) => {
      const result = await workspace.terraformIn(directory, args);
      return { status: result.code, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
    };
    const statuses = [];
    for (const stack of ["workload-staging", "workload"]) statuses.push(await stackStatus(stack, workspace.stack(stack).dir, run));
    const text = statusText(statuses);
    const staging = await outputs("workload-staging");
    assert.match(text, new RegExp(`^workload-staging: deployed: .*\n  environment: staging\n  model digest: ${digest}\n  model commit: ${COMMIT}\n`));
    assert.match(text, new RegExp(`\nworkload: deployed: .*\n  environment: production\n  model digest: ${digest}\n`));
    assert.equal(text.split(`  image: ${staging.checked_image}\n`).length, 3, "both run staging's checked image");
    assert.match(text, new RegExp(`  checked: ${digest}\n  in canary: nothing\nworkload:`));
  });

  it("a new staging deploy withdraws the record until it is checked: production keeps what it runs", async () => {
    writeFileSync(join(workspace.buildContext, "model.txt"), "second model\n");
    const second = digestPath(workspace.buildContext);
    ok(await deployed("workload-staging", second), "staging deploys the second model");
    assert.equal((await outputs("workload-staging")).checked_model_digest, "");
    const refused = await plan("workload", { model_digest: second, model_commit: COMMIT });
    assert.equal(refused.code, 1);
    assert.ok(errorsOf(refused).some((text) => text.includes(`model_digest ${second} was never recorded`)), errorsOf(refused).join("\n"));
    assert.equal((await outputs("workload")).model_digest, digest);
  });
});
