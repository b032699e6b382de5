// Pull requests without credentials, forks' included: the verify job's
// offline plan, in the form of the plan comments, in the job summary
// (`npm run plan:offline -- --summary FILE`), labelled as a plan against
// simulated providers with a link to what that does not check.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { cpSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { findTerraform } from "../../sim/offline";
import { root, tempDir } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;

const GITHUB = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/mlops-classifier", GITHUB_SHA: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432" };
const CAVEATS = "https://github.com/acme/mlops-classifier/blob/9f8e7d6c5b4a39281706f5e4d3c2b1a098765432/sim/README.md#what-is-real-and-what-is-simulated";

function planOffline(args: string[], env: Record<string, string> = {}) {
  const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", ...env };
  return spawnSync(process.execPath, [join(root, "dist", "scripts", "plan-offline.js"), ...args], { cwd: root, env: cleanEnv, encoding: "utf8" });
}

describe("plan:offline --summary", { skip }, () => {
  it("appends each stack's plan in the comments' form, labelled offline, linking to what the simulator does not check", () => {
    const summary = join(tempDir("offline-summary-"), "summary.md");
    writeFileSync(summary, "### an earlier step's summary\n");
    const run = planOffline(["registry", "--summary", summary], GITHUB);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const text = readFileSync(summary, "utf8");
    assert.ok(text.startsWith("### an earlier step's summary\n## Offline plans: Terraform against simulated providers\n\n"), "appended, not overwritten");
    assert.ok(text.includes(`([what that does not check](${CAVEATS}))`));
    for (const stack of ["identity", "registry"]) {
      assert.match(
        text,
        new RegExp(`<!-- cdktf-plan:${stack} -->\\n\\*\\*Offline plan of stack \`${stack}\` at \`9f8e7d6\`, against simulated providers \\(\\[what it does not check\\]\\(${CAVEATS.replace(/[.?#/]/g, "\\$&")}\\)\\):\\*\\* \\d+ to add, 0 to change, 0 to destroy\\.\\n`),
      );
    }
    assert.ok(text.includes("**Create** (") && text.includes("- `google_artifact_registry_repository.repository` (the registry)"), text);
    assert.ok(text.includes("<details><summary>Full plan</summary>"));
  });

  it("shows a stack that fails offline as failed, with its error, and the stacks after it as skipped", () => {
    const project = tempDir("offline-summary-copy-");
    cpSync(join(root, "cdktf.json"), join(project, "cdktf.json"));
    const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd: project, env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
    assert.equal(synth.status, 0, synth.stderr);
    const out = join(project, "cdktf.out");
    const identity = join(out, "stacks", "identity", "cdk.tf.json");
    const json = JSON.parse(readFileSync(identity, "utf8"));
    json.resource.google_service_account.deployer.account_id = "MLEM_Service_Account";
    writeFileSync(identity, JSON.stringify(json));
    const summary = join(tempDir("offline-summary-"), "summary.md");
    const run = planOffline(["registry", "--synthesized", out, "--summary", summary]);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const text = readFileSync(summary, "utf8");
    assert.ok(text.includes("(sim/README.md#what-is-real-and-what-is-simulated)"), "without a CI platform, the link is the repository's path");
    assert.match(text, /<!-- cdktf-plan:identity -->\n\*\*Offline plan of stack `identity`, against simulated providers \(\[what it does not check\]\(sim\/README\.md#what-is-real-and-what-is-simulated\)\)\*\*\n\n\*\*Plan failed \(exit status 1\): Error: .*account_id.*\*\*/);
    assert.match(text, /<!-- cdktf-plan:registry -->\n\*\*Offline plan of stack `registry`.*\*\*\n\n\*\*Plan failed \(exit status 1\): see the full output\*\*[\s\S]*skipped: identity failed/);
  });
});
