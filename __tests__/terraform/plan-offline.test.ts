// `npm run plan:offline -- --synthesized DIR`: plans an already synthesized
// cdktf.out (a CI artifact, a hand-edited copy) without synthesizing, with the
// stack selection and --dir, whatever backend it was synthesized for.
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

function planOffline(args: string[]) {
  return spawnSync(process.execPath, [join(root, "dist", "scripts", "plan-offline.js"), ...args], { cwd: root, env: cleanEnv, encoding: "utf8" });
}

let synthesized: string | undefined;
/** Made at the top, so it lasts the whole file (a test's own temporary directories go with the test). */
const synthesisDir = tempDir("synthesized-");

/** A repository to sign in from, as a repository's CI variables would set it. */
const GITHUB_SETTINGS = { CI_GITHUB_REPOSITORY: "acme/mlops-classifier", CI_GITHUB_REPOSITORY_ID: "123456789", CI_GITHUB_OWNER_ID: "987654321" };

/** A copy of the app synthesized for the gcs backend, as CI's synth job would leave it (synthesized once). */

function synthesizedForGcs(): string {
  synthesized ??= synthesizeForGcs();
  const copy = join(tempDir("synthesized-copy-"), "cdktf.out");
  cpSync(synthesized, copy, { recursive: true });
  return copy;
}

function synthesizeForGcs(): string {
  const dir = synthesisDir;
  cpSync(join(root, "cdktf.json"), join(dir, "cdktf.json"));
  const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd: dir, env: { ...cleanEnv, CDKTF_BACKEND: "gcs", ...GITHUB_SETTINGS }, encoding: "utf8" });
  assert.equal(synth.status, 0, synth.stderr);
  const out = join(dir, "cdktf.out");
  assert.ok("gcs" in JSON.parse(readFileSync(join(out, "stacks", "registry", "cdk.tf.json"), "utf8")).terraform.backend);
  return out;
}

describe("plan:offline --synthesized", { skip }, () => {
  // A fork's pull request has no repository variables: its verify job must
  // still preview every stack, while a real plan of identity refuses
  // (__tests__/terraform/keys.test.ts).
  it("previews keyless sign-in with no CI platform configured, and says a real plan refuses until one is", () => {
    const run = planOffline(["identity"]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^identity +valid; \d+ to add, 0 to change, 0 to destroy$/m);
    assert.match(run.stdout, /\(keyless sign-in trusts no CI platform yet \(set CI_GITHUB_REPOSITORY, .*\): previewed anyway; a real plan or deploy of identity refuses until then\)/);
  });

  it("refuses a directory that is not a synthesized cdktf.out, naming the option and the value", () => {
    const missing = planOffline(["--synthesized", "/no/such/dir"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^plan:offline: --synthesized \/no\/such\/dir: no such directory; expected the cdktf.out directory of a synth/);
    const empty = planOffline(["--synthesized", tempDir("not-synthesized-")]);
    assert.match(empty.stderr, /--synthesized .*: no manifest\.json there/);
  });

  it("plans a hand-edited copy as it is (not a fresh synth), for the selected stacks and those they read", () => {
    const out = synthesizedForGcs();
    const identity = join(out, "stacks", "identity", "cdk.tf.json");
    const json = JSON.parse(readFileSync(identity, "utf8"));
    json.resource.google_service_account.deployer.account_id = "MLEM_Service_Account";
    writeFileSync(identity, JSON.stringify(json));
    const run = planOffline(["registry", "--synthesized", out]);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^identity +FAILED at validate: .*account_id/m);
    assert.match(run.stdout, /^registry +skipped: identity failed$/m);
    assert.doesNotMatch(run.stdout, /^(cluster|workload) /m, "only registry and what it reads");
  });

  it("keeps the simulated state with --dir: a second plan of the same copy has no changes", () => {
    const out = synthesizedForGcs();
    const dir = tempDir("plan-offline-dir-");
    const first = planOffline(["registry", "--synthesized", out, "--dir", dir]);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /^registry +valid; \d+ to add, 0 to change, 0 to destroy$/m);
    assert.match(first.stdout, /planned .* as synthesized, without synthesizing the app/);
    const second = planOffline(["registry", `--synthesized=${out}`, "--dir", dir]);
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^identity +valid; no changes$/m);
    assert.match(second.stdout, /^registry +valid; no changes$/m);
  });

  // The kept state holds objects of a type the edited stacks no longer name:
  // the simulator is started with that state, so Terraform reads them and
  // plans their destroy (issue 17).
  it("with --dir, plans the destroy of the last resources of a type removed since the state was kept", () => {
    const out = synthesizedForGcs();
    const dir = tempDir("plan-offline-removed-type-");
    const first = planOffline(["registry", "--synthesized", out, "--dir", dir]);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const registry = join(out, "stacks", "registry", "cdk.tf.json");
    const json = JSON.parse(readFileSync(registry, "utf8"));
    delete json.resource.google_artifact_registry_repository_iam_member;
    writeFileSync(registry, JSON.stringify(json));
    const second = planOffline(["registry", "--synthesized", out, "--dir", dir]);
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^registry +valid; 0 to add, 0 to change, 2 to destroy$/m);
    assert.match(second.stdout, /^ +- google_artifact_registry_repository_iam_member\.pull_nodes \(delete\)$/m);
  });

  it("refuses a kept state it cannot read, naming the file", () => {
    const out = synthesizedForGcs();
    const dir = tempDir("plan-offline-bad-state-");
    const first = planOffline(["registry", "--synthesized", out, "--dir", dir]);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const state = spawnSync("find", [dir, "-name", "terraform.registry.tfstate"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(state, "not json");
    const second = planOffline(["registry", "--synthesized", out, "--dir", dir]);
    assert.equal(second.status, 1);
    assert.match(second.stderr, /terraform\.registry\.tfstate is not a Terraform state \(JSON\) the simulator can read/);
  });
});
