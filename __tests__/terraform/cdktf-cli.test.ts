// `npx cdktf diff` and `npx cdktf deploy` as README and help send users to
// them, on the Node that runs the tests (CI: Node 24, where cdktf's own
// pseudoterminal module had no binary): the real cdktf CLI runs real
// Terraform in its pseudoterminal, against the provider simulator, with
// local state in a throwaway project.
// `--skip-provider-lock` only because no provider can be downloaded here:
// cdktf otherwise runs `terraform providers lock` after init
// (cdktf-cli bundle, handlers.js: needsLockfileUpdate), which fetches them.
// Skipped only where no terraform >= 1.7 is on PATH; .ci/run requires one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "fs";
import { join } from "path";
import { findTerraform } from "../../sim/offline";
import { schemasForStacks } from "../../sim/providers";
import { Simulator, startSimulator } from "../../sim/server";
import { runChild } from "../child";
import { defaultContext, root, tempDir } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;
const cdktf = join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

describe(`npx cdktf diff and deploy on Node ${process.versions.node}`, { skip }, () => {
  const dir = tempDir("cdktf-cli-");
  const settings = { CI_GITHUB_REPOSITORY: "acme/mlops", CI_GITHUB_REPOSITORY_ID: "123456789", CI_GITHUB_OWNER_ID: "987654" };
  let simulator: Simulator;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node ${join(root, "bin", "app.js")}`, context: defaultContext }));
    const synth = await runChild(process.execPath, [join(root, "bin", "app.js")], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...settings } });
    assert.equal(synth.status, 0, synth.stderr);
    const stacks = new Map(
      readdirSync(join(dir, "cdktf.out", "stacks")).map((name) => [name, JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"))]),
    );
    simulator = await startSimulator(schemasForStacks(root, stacks));
    mkdirSync(join(dir, "no-provider-downloads"));
    writeFileSync(join(dir, "terraform.rc"), `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(dir, "no-provider-downloads"))}\n  }\n}\n`);
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      CHECKPOINT_DISABLE: "1",
      CI: "true", // no spinner: plain lines
      TF_CLI_CONFIG_FILE: join(dir, "terraform.rc"),
      TF_REATTACH_PROVIDERS: simulator.reattach,
      ...settings,
    };
  });
  after(() => simulator?.close());

  /** The CLI's output without terminal colours (the pseudoterminal makes terraform colour it). */
  const run = async (args: string[]) => {
    const child = await runChild(process.execPath, [cdktf, ...args, "--skip-provider-lock"], { cwd: dir, env });
    return { ...child, stdout: child.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") };
  };

  /** `terraform plan -detailed-exitcode` in a synthesized stack, outside the CLI: 0 is no changes, 2 is changes. */
  const planExitCode = async (stack: string) => {
    const plan = await runChild("terraform", ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"], { cwd: join(dir, "cdktf.out", "stacks", stack), env });
    return { status: plan.status, output: plan.stdout + plan.stderr };
  };
  const resourcesIn = (stack: string) => (JSON.parse(readFileSync(join(dir, `terraform.${stack}.tfstate`), "utf8")).resources as unknown[]).length;

  // The CLI copies Terraform's output through its pseudoterminal, and under
  // load the last lines of a Terraform run can be lost when it exits (seen:
  // a deploy whose identity apply lines were missing while the CLI still
  // printed identity's outputs, which it reads with `terraform output`). So
  // the CLI is judged by its exit status and by what Terraform saved and
  // plans afterwards, never by counting the copied lines.
  it("diff plans, deploy applies, and a second diff finds no changes", async () => {
    const diff = await run(["diff", "identity"]);
    assert.equal(diff.status, 0, diff.stdout + diff.stderr);
    assert.deepEqual(readdirSync(dir).filter((file) => file.endsWith(".tfstate")), [], "a diff applies nothing");
    assert.equal((await planExitCode("identity")).status, 2, "and there was something to plan");

    const deploy = await run(["deploy", "identity", "registry", "--auto-approve"]);
    assert.equal(deploy.status, 0, deploy.stdout + deploy.stderr);
    assert.deepEqual(readdirSync(dir).filter((file) => file.endsWith(".tfstate")).sort(), ["terraform.identity.tfstate", "terraform.registry.tfstate"]);
    for (const stack of ["identity", "registry"]) {
      assert.ok(resourcesIn(stack) > 0, `${stack}: resources saved`);
      const after = await planExitCode(stack);
      assert.equal(after.status, 0, `${stack} is applied whole: ${after.output}`);
    }

    const again = await run(["diff", "registry"]);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.equal(resourcesIn("registry") > 0, true);
  });
});
