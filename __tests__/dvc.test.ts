// The model from DVC: the setting that names the DVC remote's bucket, the
// deployer's read grant on it (and nobody else's), and the deploy jobs' pull
// of the build context before the digest. DVC cannot be installed here (no
// PyPI), so the pipelines' steps run with stand-ins for `dvc`, `pipx` and
// `apt-get` on PATH, each logging its arguments; the stand-in `dvc` writes
// the files a real pull would.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ConfigError } from "../lib/config";
import { digestPath } from "../lib/digest";
import { IdentityStack } from "../stacks/identity";
import { resources, root, synthesize, tempDir, testApp, testConfig } from "./support";

const deployWorkflow = parse(readFileSync(join(root, ".github", "workflows", "deploy.yml"), "utf8"));
const gitlab = parse(readFileSync(join(root, ".gitlab-ci.yml"), "utf8"), { logLevel: "error" });

type Step = { name?: string; uses?: string; run?: string };
const githubSteps: Step[] = deployWorkflow.jobs.deploy.steps;
const githubPull = githubSteps.find((step) => step.name === "Pull the model from DVC")!;
/** GitLab's deploy script, `!reference` items as the names they refer to. */
const gitlabItems: string[] = (gitlab.deploy.script as unknown[]).map((item) => (Array.isArray(item) ? item.join(".") : String(item)));
const gitlabPull = gitlabItems.find((item) => item.includes("dvc pull"))!;

describe("dvcBucket", () => {
  it("is empty by default: nothing is pulled and nobody is granted a bucket", () => {
    assert.equal(testConfig().dvcBucket, "");
    const json = synthesize(new IdentityStack(testApp(), "identity", { config: testConfig() }));
    assert.ok(resources(json, "google_storage_bucket_iam_member").every((grant) => grant.bucket === "${google_storage_bucket.state.name}"));
  });

  it("refuses a bucket of the wrong form, naming the setting, the value and the form", () => {
    for (const value of ["gs://acme-dvc", "Acme-DVC", "ab", "acme-dvc/models"]) {
      assert.throws(() => testConfig({ dvcBucket: value }), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, `dvcBucket (from cdktf.json) is ${JSON.stringify(value)}: expected a bucket name without gs://: 3-63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit`);
        return true;
      });
    }
  });

  it("refuses the state bucket: no reader of the model's data may read Terraform state", () => {
    assert.throws(() => testConfig({ dvcBucket: "mlops-demo-project-tfstate" }), {
      message: 'dvcBucket (from cdktf.json) is "mlops-demo-project-tfstate": expected a bucket other than stateBucket, so that no reader of the model\'s data can read Terraform state',
    });
  });

  it("lets the deployer, and only it, read objects of that bucket alone", () => {
    const json = synthesize(new IdentityStack(testApp(), "identity", { config: testConfig({ dvcBucket: "acme-dvc" }) }));
    const onData = resources(json, "google_storage_bucket_iam_member").filter((grant) => grant.bucket === "acme-dvc");
    assert.deepEqual(
      onData.map(({ member, role, condition }) => ({ member, role, condition })),
      [{ member: "${google_service_account.deployer.member}", role: "roles/storage.objectViewer", condition: undefined }],
    );
    const planner = "${google_service_account.planner.member}";
    assert.ok(resources(json, "google_storage_bucket_iam_member").filter((grant) => grant.member === planner).every((grant) => grant.bucket !== "acme-dvc"));
    const projectWide = resources(json, "google_project_iam_member").filter((grant) => /storage/.test(grant.role));
    assert.deepEqual(projectWide, [], "no project-wide storage role reads every bucket");
  });
});

/** Runs a pull step as the runner would (bash -e), in a checkout with `context` holding only its .dvc pointer. */
function runPull(script: string, env: Record<string, string> = {}, dvcFails = false) {
  const dir = tempDir("dvc-pull-");
  copyFileSync(join(root, "cdktf.json"), join(dir, "cdktf.json"));
  symlinkSync(join(root, "dist"), join(dir, "dist"));
  const context = env.MODEL_BUILD_CONTEXT ?? "model-server";
  mkdirSync(join(dir, context), { recursive: true });
  writeFileSync(join(dir, context, "Dockerfile"), "FROM python:3.12-slim\n");
  writeFileSync(join(dir, context, "model.pkl.dvc"), "outs:\n- md5: 3f1a\n  path: model.pkl\n");
  const bin = tempDir("dvc-stand-ins-");
  const standIn = (name: string, body = "") => {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "$*" >> "${bin}/calls.log"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  standIn("pipx");
  standIn("apt-get");
  // What a real pull does: the tracked file appears in the build context.
  standIn("dvc", dvcFails ? 'echo "ERROR: failed to pull data from the cloud" >&2; exit 1' : `printf 'weights' > "$3/model.pkl"`);
  const before = digestPath(join(dir, context));
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: dir,
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, ...env },
    encoding: "utf8",
  });
  const calls = existsSync(join(bin, "calls.log")) ? readFileSync(join(bin, "calls.log"), "utf8").trim().split("\n") : [];
  return { run, calls, before, after: digestPath(join(dir, context)), pulled: existsSync(join(dir, context, "model.pkl")) };
}

describe("the deploy jobs' DVC pull", () => {
  for (const [platform, script, install] of [
    ["github", githubPull.run!, ['install --quiet dvc[gs]==3.67.1']],
    ["gitlab", gitlabPull, ["install -y -qq --no-install-recommends pipx", "install --quiet dvc[gs]==3.67.1"]],
  ] as const) {
    it(`pulls nothing, installs nothing and says so when dvcBucket is not set (${platform})`, () => {
      const { run, calls, before, after } = runPull(script);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(calls, []);
      assert.match(run.stdout, /dvcBucket is not set: the build context is deployed as committed/);
      assert.equal(after, before);
    });

    it(`pulls the build context's tracked files with DVC when dvcBucket is set, so its digest covers the model (${platform})`, () => {
      const { run, calls, before, after, pulled } = runPull(script, { DVC_BUCKET: "acme-dvc" });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(calls, [...install, "pull --recursive model-server"]);
      assert.ok(pulled);
      assert.notEqual(after, before, "the digest changes with the pulled file");
    });

    it(`pulls the configured build context (${platform})`, () => {
      const { run, calls } = runPull(script, { DVC_BUCKET: "acme-dvc", MODEL_BUILD_CONTEXT: "build/server" });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(calls.at(-1), "pull --recursive build/server");
    });

    it(`fails the deploy when the pull fails, before anything is deployed (${platform})`, () => {
      const { run } = runPull(script, { DVC_BUCKET: "acme-dvc" }, true);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /failed to pull data/);
    });
  }

  it("run after the deployer signs in and before the digest is computed, on both platforms", () => {
    const names = githubSteps.map((step) => step.name);
    const pull = names.indexOf("Pull the model from DVC");
    assert.ok(pull > names.indexOf("Sign in to Google Cloud (keyless)") && pull > names.indexOf("Sign in to Google Cloud (key)"));
    assert.ok(pull < names.indexOf("Deploy the workload stack"));
    assert.ok(pull > names.indexOf("Synthesize"), "after the build that makes dist/");
    const items = gitlabItems;
    const at = items.indexOf(gitlabPull);
    assert.ok(at > items.indexOf(".google-sign-in.script") && at > items.findIndex((item) => item.includes("npm run synth")));
    const deploy = items.findIndex((item) => item.includes("scripts/deploy-workload"));
    assert.ok(deploy > 0 && at < deploy, "before the deploy command");
  });

  it("run in no job that the planner signs in to: only the deploy jobs pull", () => {
    const plan = parse(readFileSync(join(root, ".github", "workflows", "plan.yml"), "utf8"));
    const planSteps = Object.values<any>(plan.jobs).flatMap((job) => job.steps ?? []);
    assert.ok(!planSteps.some((step: Step) => step.run?.includes("dvc ")));
    assert.ok(!(gitlab.plan.script as unknown[]).some((item) => String(item).includes("dvc ")));
  });
});
