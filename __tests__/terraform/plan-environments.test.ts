// The pull request's plan of each workload stack with environments staging
// and production, through `npm run plan:stack` as CI runs it, REAL Terraform
// 1.11.4 and the provider simulator (local state): staging plans the pull
// request's model, production what a promotion would deploy there (what
// staging deployed and checked), or says that nothing is checked yet. The
// comment says which environment, what it runs and what would change.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../../lib/digest";
import { GITHUB_COMMENT_LIMIT, JsonPlan, renderPlan } from "../../scripts/plan-review";
import { readPlanRecord } from "../../scripts/plan-record";
import { summarizePlan } from "../../scripts/plan-summary";
import { findTerraform } from "../../sim/offline";
import { schemasForStacks, StackJson } from "../../sim/providers";
import { Simulator, startSimulator } from "../../sim/server";
import { ChildRun, runChild } from "../child";
import { git } from "../deploy-project";
import { root, tempDir } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;

describe("pull-request plans of staging and production, through plan:stack and real Terraform", { skip }, () => {
  const dir = tempDir("plan-environments-");
  let simulator: Simulator;
  let env: NodeJS.ProcessEnv;
  let digest: string;
  let commit: string;

  const stackDir = (stack: string) => join(dir, "cdktf.out", "stacks", stack);
  const tf = async (stack: string, args: string[]) => {
    const run = await runChild("terraform", [...args, "-input=false", "-no-color"], { cwd: stackDir(stack), env });
    assert.equal(run.status, 0, `terraform ${args[0]} of ${stack}:\n${run.stdout}${run.stderr}`);
    return run;
  };
  const apply = (stack: string, values: Record<string, string> = {}) => tf(stack, ["apply", "-auto-approve", ...Object.entries(values).flatMap(([name, value]) => ["-var", `${name}=${value}`])]);
  const outputs = async (stack: string): Promise<Record<string, string>> =>
    Object.fromEntries(Object.entries<{ value: string }>(JSON.parse((await runChild("terraform", ["output", "-json"], { cwd: stackDir(stack), env })).stdout)).map(([name, { value }]) => [name, value]));
  /** `npm run plan:stack -- <stack>`, then the record and the comment plan:comment would post. */
  const planStack = async (stack: string): Promise<{ run: ChildRun; record: ReturnType<typeof readPlanRecord>; comment: string }> => {
    const run = await runChild(process.execPath, [join(root, "bin", "app.js"), "scripts/plan-stack", stack], { cwd: dir, env });
    const record = readPlanRecord(join(dir, "plans"), stack);
    const comment = renderPlan({ stack, plan: record.plan as JsonPlan | undefined, output: record.output, exitStatus: record.exitStatus, limit: GITHUB_COMMENT_LIMIT });
    return { run, record, comment };
  };

  before(async () => {
    copyFileSync(join(root, "cdktf.json"), join(dir, "cdktf.json"));
    mkdirSync(join(dir, "model-server"));
    writeFileSync(join(dir, "model-server", "model.txt"), "the pull request's model\n");
    writeFileSync(join(dir, ".gitignore"), "cdktf.out/\nplans/\n*.tfstate*\nterraform.rc\nno-provider-downloads/\n");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "the pull request");
    digest = digestPath(join(dir, "model-server"));
    commit = git(dir, "rev-parse", "HEAD");
    const settings = { PATH: process.env.PATH, HOME: dir, CDKTF_BACKEND: "local", MODEL_ENVIRONMENTS: "staging,production" };
    const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd: dir, env: settings, encoding: "utf8" });
    assert.equal(synth.status, 0, synth.stderr);
    const names = Object.keys(JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")).stacks);
    const jsons = new Map<string, StackJson>(names.map((name) => [name, JSON.parse(readFileSync(join(stackDir(name), "cdk.tf.json"), "utf8"))]));
    simulator = await startSimulator(schemasForStacks(root, jsons));
    // Terraform may install no provider: the simulated ones are attached, any other would come from this empty mirror.
    mkdirSync(join(dir, "no-provider-downloads"));
    const rc = join(dir, "terraform.rc");
    writeFileSync(rc, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(dir, "no-provider-downloads"))}\n  }\n}\n`);
    env = { ...settings, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: rc, TF_REATTACH_PROVIDERS: simulator.reattach };
    for (const stack of ["identity", "registry", "cluster", "workload-staging", "workload"]) await tf(stack, ["init"]);
    await apply("identity", { preview_without_ci_platform: "true" });
    for (const stack of ["registry", "cluster"]) await apply(stack);
  });
  after(async () => {
    await simulator?.close();
  });

  it("before staging checked anything, production's plan is not made: it says so, and that production runs nothing yet", async () => {
    const { run, record, comment } = await planStack("workload");
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    const says = "staging has no model deployed, so a promotion has nothing to deploy and would change nothing; production runs no model yet";
    assert.equal(record.output, `plan:stack: environment production: not planned: ${says}\n`);
    assert.equal(comment, `<!-- cdktf-plan:workload -->\n**Plan of stack \`workload\`:** not planned. **Environment \`production\`:** ${says}.`);
  });

  it("staging, the first environment, plans the pull request's model: what the merge deploys there", async () => {
    const { run, record, comment } = await planStack("workload-staging");
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(summarizePlan(record.output, record.exitStatus).outcome, "changes");
    assert.equal((record.plan as JsonPlan).variables?.model_digest?.value, digest);
    assert.ok(comment.includes("\n**Environment `staging`:** planned with the pull request's model, what the merge deploys to staging.\n"), comment);
    assert.ok(comment.includes(`\n**Model:** nothing deployed yet → \`${digest.slice(0, 19)}\` (commit \`${commit.slice(0, 7)}\`)`), comment);
  });

  it("with staging's model deployed but not checked, production's plan says staging runs it unchecked, and still plans nothing", async () => {
    await apply("workload-staging", { model_digest: digest, model_commit: commit });
    const { run, record } = await planStack("workload");
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(
      record.output,
      `plan:stack: environment production: not planned: staging runs ${digest} (commit ${commit}), whose prediction check has not passed there, so a promotion has nothing to deploy and would change nothing; production runs no model yet\n`,
    );
    assert.ok(run.stdout.endsWith(`\nworkload: Not planned: staging runs ${digest} (commit ${commit}), whose prediction check has not passed there, so a promotion has nothing to deploy and would change nothing; production runs no model yet\n`), run.stdout);
  });

  it("once staging checked it, production's plan is the promotion of staging's checked digest and image, not the next pull request's model", async () => {
    await apply("workload-staging", { model_digest: digest, model_commit: commit, checked_model_digest: digest });
    const checkedImage = (await outputs("workload-staging")).checked_image;
    // The next pull request brings another model: production's plan must not take it.
    writeFileSync(join(dir, "model-server", "model.txt"), "the next pull request's model\n");
    git(dir, "commit", "-q", "-am", "the next pull request");
    const next = { digest: digestPath(join(dir, "model-server")), commit: git(dir, "rev-parse", "HEAD") };
    assert.notEqual(next.digest, digest);
    const staging = await planStack("workload-staging");
    assert.ok(staging.comment.includes(`\n**Model:** \`${digest.slice(0, 19)}\` → \`${next.digest.slice(0, 19)}\` (commit \`${commit.slice(0, 7)}\` → \`${next.commit.slice(0, 7)}\`)`), staging.comment);

    const { run, record, comment } = await planStack("workload");
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    const plan = record.plan as { variables?: JsonPlan["variables"]; resource_changes: { address: string; change: { after: any } }[] };
    assert.equal(plan.variables?.model_digest?.value, digest);
    assert.equal(plan.variables?.model_commit?.value, commit);
    const deployment = plan.resource_changes.find((resource) => resource.address === "kubernetes_deployment_v1.deployment")!;
    assert.equal(deployment.change.after.spec[0].template[0].spec[0].container[0].image, checkedImage, "production would run exactly the image staging checked");
    assert.ok(
      comment.includes(`\n**Environment \`production\`:** planned with the model staging deployed and checked (\`${digest}\`, commit \`${commit}\`), what a promotion deploys to production.\n`),
      comment,
    );
    assert.ok(comment.includes(`\n**Model:** nothing deployed yet → \`${digest.slice(0, 19)}\` (commit \`${commit.slice(0, 7)}\`)`), comment);
  });

  it("once production runs it, production's plan changes nothing and the comment says what it runs", async () => {
    await apply("workload", { model_digest: digest, model_commit: commit });
    const { run, record, comment } = await planStack("workload");
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(summarizePlan(record.output, record.exitStatus).outcome, "no-changes", record.output);
    assert.ok(comment.startsWith("<!-- cdktf-plan:workload -->\n**Plan of stack `workload`:** no changes. **Environment `production`:** planned with the model staging"), comment);
    assert.ok(comment.endsWith(` **Model:** unchanged, \`${digest.slice(0, 19)}\` (commit \`${commit.slice(0, 7)}\` → \`${commit.slice(0, 7)}\`)`), comment);
  });
});
