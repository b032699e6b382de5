// The stacks as Terraform Cloud runs them (backend cloud, the model in DVC),
// planned by real Terraform against the provider simulator: Terraform checks
// every new block (the Terraform Cloud pool and provider, the admin and its
// conditioned grant, the DVC bucket grant) against the google provider's
// schema, and plans the whole app.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { cpSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { findTerraform } from "../../sim/offline";
import { root, tempDir } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1" };

const SETTINGS = {
  CDKTF_BACKEND: "cloud",
  TFC_ORGANIZATION: "acme-ml",
  DVC_BUCKET: "acme-dvc",
  CI_GITHUB_REPOSITORY: "acme/mlops-classifier",
  CI_GITHUB_REPOSITORY_ID: "123456789",
  CI_GITHUB_OWNER_ID: "987654321",
};

function synthesize(): string {
  const dir = tempDir("synthesized-cloud-");
  cpSync(join(root, "cdktf.json"), join(dir, "cdktf.json"));
  const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd: dir, env: { ...cleanEnv, ...SETTINGS }, encoding: "utf8" });
  assert.equal(synth.status, 0, synth.stderr);
  return join(dir, "cdktf.out");
}

function planOffline(out: string, stacks: string[] = []) {
  return spawnSync(process.execPath, [join(root, "dist", "scripts", "plan-offline.js"), "--synthesized", out, ...stacks], {
    cwd: root,
    env: cleanEnv,
    encoding: "utf8",
  });
}

describe("the app for Terraform Cloud, through real Terraform and the provider simulator", { skip }, () => {
  const out = synthesize();

  it("keeps every stack's state in its workspace, and plans all five", () => {
    const identity = JSON.parse(readFileSync(join(out, "stacks", "identity", "cdk.tf.json"), "utf8"));
    assert.deepEqual(identity.terraform.cloud, { organization: "acme-ml", workspaces: { name: "mlops-identity" } });
    const run = planOffline(out);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    for (const stack of ["identity", "registry", "cluster", "access", "workload"]) {
      assert.match(run.stdout, new RegExp(`^${stack} +valid; \\d+ to add, 0 to change, 0 to destroy$`, "m"));
    }
  });

  it("refuses a Terraform Cloud grant that the google provider's schema does not have", () => {
    const file = join(out, "stacks", "identity", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.resource.google_project_iam_member.admin_resourcemanager_projectIamAdmin.condition.expresion = "true";
    writeFileSync(file, JSON.stringify(json));
    const run = planOffline(out, ["identity"]);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /identity +FAILED at validate: .*No argument or block type is named "expresion"/);
  });
});
