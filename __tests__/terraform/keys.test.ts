// Sign-in through real Terraform against the provider simulator: keyless
// refuses to plan without a platform to trust, and key mode rotates without
// ever deleting, in one apply, the key CI signs in with.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { errorsOf, findTerraform, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { root } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

function ok(run: TerraformRun): TerraformRun {
  assert.equal(run.code, 0, `terraform ${run.args.join(" ")} in ${run.stack} failed:\n${errorsOf(run).join("\n")}`);
  return run;
}

describe("keyless sign-in without a platform to trust", { skip }, () => {
  let workspace: OfflineWorkspace;
  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: cleanEnv, buildContext: "empty" });
  });
  after(() => workspace?.close());

  it("synthesizes with the defaults, but the identity plan fails early, naming the settings", async () => {
    ok(await workspace.terraform("identity", ["init", "-input=false", "-no-color"]));
    const plan = await workspace.terraform("identity", ["plan", "-input=false", "-lock=false", "-json"]);
    assert.equal(plan.code, 1);
    const errors = errorsOf(plan);
    const refusal = errors.find((text) => text.startsWith("Resource precondition failed"));
    assert.ok(refusal, errors.join("\n"));
    for (const name of ["githubRepositoryId", "CI_GITHUB_REPOSITORY_ID", "gitlabProjectId", "CI_GITLAB_PROJECT_ID"]) assert.ok(refusal.includes(name), name);
  });

  it("plans once a platform is set: GitLab alone, through the same precondition", async () => {
    // A workspace of its own: the simulator serves the types of the stacks it was opened with.
    const gitlab = await OfflineWorkspace.open({
      projectRoot: root,
      env: { ...cleanEnv, CI_GITLAB_PROJECT: "acme/mlops", CI_GITLAB_PROJECT_ID: "4711" },
      buildContext: "empty",
    });
    try {
      ok(await gitlab.terraform("identity", ["init", "-input=false", "-no-color"]));
      const plan = await gitlab.terraform("identity", ["plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode"]);
      assert.equal(plan.code, 2, errorsOf(plan).join("\n"));
      assert.match(plan.stdout, /google_iam_workload_identity_pool_provider\.gitlab_provider will be created/);
    } finally {
      await gitlab.close();
    }
  });
});

describe("key rotation (ciAuth key)", { skip }, () => {
  let workspace: OfflineWorkspace;
  const account = "mlem-service-account";
  const env = (deployerKeys: string) => ({ ...cleanEnv, CI_AUTH: "key", DEPLOYER_PUBLIC_KEYS: deployerKeys, CDKTF_BACKEND: "local" });

  /** Synthesizes the app again in the workspace with other key names, as a person changing cdktf.json would. */
  function configure(deployerKeys: string): void {
    const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd: workspace.project, env: env(deployerKeys), encoding: "utf8" });
    assert.equal(synth.status, 0, synth.stderr);
  }

  /** Plans identity, returns the deployer keys the plan creates and deletes, then applies exactly that plan. */
  async function apply(): Promise<{ created: string[]; deleted: string[] }> {
    ok(await workspace.terraform("identity", ["plan", "-input=false", "-lock=false", "-no-color", "-out=rotation.tfplan"]));
    const plan = JSON.parse(ok(await workspace.terraform("identity", ["show", "-json", "rotation.tfplan"])).stdout);
    const keys = (action: string): string[] =>
      plan.resource_changes
        .filter((change: any) => change.type === "google_service_account_key" && change.name.startsWith("deployer_key_") && change.change.actions.includes(action))
        .map((change: any) => change.name.slice("deployer_key_".length))
        .sort();
    const changes = { created: keys("create"), deleted: keys("delete") };
    ok(await workspace.terraform("identity", ["apply", "-input=false", "-lock=false", "-no-color", "rotation.tfplan"]));
    return changes;
  }

  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: env("2026-06"), buildContext: "empty" });
    // Certificates as the person commits them; the simulator does not parse them.
    mkdirSync(join(workspace.project, "keys"));
    for (const name of [`${account}-2026-06`, `${account}-2026-12`, `${account}-2027-06`, "mlops-planner-1"]) {
      writeFileSync(join(workspace.project, "keys", `${name}.pem`), `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
    }
  });
  after(() => workspace?.close());

  it("adds the new key, lets CI switch, retires the old one later: no apply removes the key CI uses", async () => {
    let ciUses = "2026-06";
    ok(await workspace.terraform("identity", ["init", "-input=false", "-no-color"]));
    assert.deepEqual(await apply(), { created: ["2026-06"], deleted: [] });

    // 1. Add the new key beside the old one.
    configure("2026-06,2026-12");
    const added = await apply();
    assert.ok(!added.deleted.includes(ciUses));
    assert.deepEqual(added, { created: ["2026-12"], deleted: [] });

    // 2. CI's secret now holds the new private key (no Terraform involved).
    ciUses = "2026-12";

    // 3. A later apply retires the old key, which CI no longer uses.
    configure("2026-12");
    const retired = await apply();
    assert.ok(!retired.deleted.includes(ciUses));
    assert.deepEqual(retired, { created: [], deleted: ["2026-06"] });

    // The check can fail: swapping names in one apply deletes the key CI uses.
    configure("2027-06");
    const swapped = await apply();
    assert.ok(swapped.deleted.includes(ciUses), "a one-step swap removes the key CI signs in with");
    assert.deepEqual(swapped, { created: ["2027-06"], deleted: ["2026-12"] });
  });

  // An upload returns no private key (google provider v6.50.0
  // resource_google_service_account_key.go:129-136 and :156 sets private_key
  // from the upload's empty PrivateKeyData), as the simulator models it: each
  // key in state is an upload of the committed certificate, with no private key.
  it("keeps only uploaded certificates in the identity state, no key pair made by Google", () => {
    const state = JSON.parse(readFileSync(workspace.statePath("identity"), "utf8"));
    const keys = state.resources.filter((r: any) => r.type === "google_service_account_key");
    assert.ok(keys.length > 0);
    for (const key of keys) {
      for (const instance of key.instances) {
        const certificate = Buffer.from(instance.attributes.public_key_data, "base64").toString("utf8");
        assert.match(certificate, /^-----BEGIN CERTIFICATE-----\n(mlem-service-account-2027-06|mlops-planner-1)\n/, key.name);
        // The provider stores its defaults of private_key_type and key_algorithm
        // (resource_google_service_account_key.go:48,56); the private key itself stays empty.
        assert.equal(instance.attributes.private_key ?? "", "", `${key.name} holds a private key`);
      }
    }
  });
});
