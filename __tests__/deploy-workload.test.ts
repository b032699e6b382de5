// deploy:workload under failure and concurrency, run as CI runs it: real git
// repositories in temporary directories, a stand-in terraform answering with
// Terraform's own output, and a stand-in docker answering `docker info` as
// recorded daemons do. Failures and what follows them: docs/failures.md.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "child_process";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../lib/digest";
import { checkDockerDaemon } from "../scripts/docker-daemon";
import { describeHeldLock, heldLock, lockTimeout } from "../scripts/terraform";
import { Answer, CiProject } from "./ci-project";
import { modelServer } from "./model-stand-in";
import { DeployProject, GIT_ENV, git, outputs, pathWithoutDocker } from "./deploy-project";
import { root, tempDir } from "./support";

const INIT = { stdout: "\nTerraform has been successfully initialized!\n" };
const PLANNED = { status: 2, stdout: readFileSync(join(root, "__tests__", "fixtures", "plans", "changes.txt"), "utf8") };
const APPLIED = { stdout: "Apply complete! Resources: 2 added, 1 changed, 2 destroyed.\n" };
const LOCK_HELD = readFileSync(join(root, "__tests__", "fixtures", "plans", "lock-held.txt"), "utf8");
// A server on loopback answers in milliseconds; 60 s per attempt is far from any time it takes.
const SMOKE_FAST = ["--attempts", "1", "--delay-ms", "0", "--timeout-ms", "60000"];


/**
 * Answers of a workload state that records `digest` and `commit` (or nothing)
 * as deployed; a first deploy's state has the URL only after its apply.
 */
function deployedState(deployed: { digest?: string; commit?: string; rolledBackFrom?: string }, url: string, more: Record<string, Answer | Answer[]> = {}): Record<string, Answer | Answer[]> {
  const recorded = { model_digest: deployed.digest, model_commit: deployed.commit, rolled_back_from: deployed.rolledBackFrom ?? "" };
  return {
    init: INIT,
    "output -json": deployed.digest ? outputs({ ...recorded, url }) : [outputs(), outputs(), outputs({ url })],
    plan: PLANNED,
    apply: APPLIED,
    ...more,
  };
}

/** Runs deploy:workload against a model server that answers. */
async function deploy(project: DeployProject, args: string[], answers: (url: string) => Record<string, Answer | Answer[]>, env: Record<string, string> = {}) {
  const server = await modelServer();
  try {
    return await project.run("deploy-workload", [...args, ...SMOKE_FAST], answers(server.url), { ...GIT_ENV, ...env });
  } finally {
    server.close();
  }
}

function applied(project: DeployProject): boolean {
  return project.terraformCalls().some((call) => call.includes(": apply "));
}

describe("deploy:workload deploys no older model over a newer one (real git repositories)", { concurrency: true }, () => {
  it("deploys a commit that descends from the deployed one and records it as model_commit", async () => {
    const project = new DeployProject();
    const older = git(project.dir, "rev-parse", "HEAD");
    const olderDigest = digestPath(project.path("model-server"));
    const newer = project.commit("second model");
    const run = await deploy(project, [], (url) => deployedState({ digest: olderDigest, commit: older }, url));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`deployed model digest: ${olderDigest}, commit: ${older}\n`));
    assert.match(run.stdout, new RegExp(`commit ${newer} descends from the deployed commit ${older}\n`));
    assert.deepEqual(project.planVariables(), [{ model_digest: digestPath(project.path("model-server")), model_commit: newer, rolled_back_from: "", verify_rollout: "true" }]);
    assert.ok(applied(project));
  });

  it("refuses a commit older than the deployed one, naming both commits and how to roll back", async () => {
    const project = new DeployProject();
    const older = git(project.dir, "rev-parse", "HEAD");
    const newer = project.commit("second model");
    const newerDigest = digestPath(project.path("model-server"));
    git(project.dir, "checkout", "-q", older); // the late pipeline of the older commit
    const run = await deploy(project, [], (url) => deployedState({ digest: newerDigest, commit: newer }, url));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `deploy:workload: commit ${older} does not descend from the deployed commit ${newer}: deploying it would put an older model over a newer one ` +
        "(a pipeline that ran late?). To roll back on purpose: --rollback-to <commit> (GitHub: Run workflow with input rollback_to; " +
        "GitLab: Run pipeline with variable ROLLBACK_TO)\n",
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it('says "model unchanged, nothing deployed" for a newer commit that leaves the model as deployed', async () => {
    const project = new DeployProject();
    const deployed = git(project.dir, "rev-parse", "HEAD");
    const digest = digestPath(project.path("model-server"));
    writeFileSync(project.path("NOTES.md"), "docs only\n");
    git(project.dir, "add", "NOTES.md");
    git(project.dir, "commit", "-q", "-m", "docs only");
    const run = await deploy(project, [], (url) => deployedState({ digest, commit: deployed }, url));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\nmodel unchanged, nothing deployed\n/);
    assert.deepEqual(project.planVariables(), []);
  });

  it("with --rollback-to, deploys the build context of an older commit exactly and records that commit", async () => {
    const project = new DeployProject();
    const good = git(project.dir, "rev-parse", "HEAD");
    const goodDigest = digestPath(project.path("model-server"));
    writeFileSync(project.path("model-server", "added-later.txt"), "not in the good commit\n");
    const bad = project.commit("bad model");
    const badDigest = digestPath(project.path("model-server"));
    const run = await deploy(project, ["--rollback-to", good.slice(0, 10), "--outputs", "outputs.env"], (url) => deployedState({ digest: badDigest, commit: bad }, url));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`rolling back from the deployed commit ${bad} to its ancestor ${good}\n`));
    // The digest Terraform's precondition recomputes from the build context is the good commit's.
    assert.equal(digestPath(project.path("model-server")), goodDigest);
    assert.equal(existsSync(project.path("model-server", "added-later.txt")), false);
    // The record keeps the commit rolled back from, so its deploy cannot run again by mistake.
    assert.deepEqual(project.planVariables(), [{ model_digest: goodDigest, model_commit: good, rolled_back_from: bad, verify_rollout: "true" }]);
    assert.match(project.read("outputs.env"), new RegExp(`MODEL_DIGEST=${goodDigest}\nMODEL_COMMIT=${good}\nDEPLOYED=true\n`));
    assert.equal(git(project.dir, "rev-parse", "HEAD"), bad, "HEAD stays on the default branch");
  });

  it("refuses a rollback to a commit that is not an ancestor of the deployed one", async () => {
    const project = new DeployProject();
    const deployed = git(project.dir, "rev-parse", "HEAD");
    const digest = digestPath(project.path("model-server"));
    const newer = project.commit("newer model");
    const run = await deploy(project, ["--rollback-to", newer], (url) => deployedState({ digest, commit: deployed }, url));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `deploy:workload: rollback target ${newer} is not an ancestor of the deployed commit ${deployed}: a rollback goes back along the deployed history; ` +
        "to deploy a newer commit, deploy it without --rollback-to\n",
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it("refuses to run outside a git checkout, since it records the commit it deploys", async () => {
    const project = new CiProject();
    const run = await project.run("deploy-workload", [], {}, GIT_ENV);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^deploy:workload: \. has no git commit checked out \(fatal: not a git repository.*\): the deploy records which commit it deployed, so it runs in a clone of the repository\n$/);
    assert.deepEqual(project.terraformCalls(), []);
  });

  it("stops when the state cannot be read, rather than taking it for nothing deployed", async () => {
    const project = new DeployProject();
    const denied = '\nError: Error loading state: Failed to open state file at gs://acme-tf-state/terraform/workload/default.tfstate: googleapi: Error 403: denied\n';
    const run = await deploy(project, [], (url) => deployedState({}, url, { "output -json": { status: 1, stderr: denied } }));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      "deploy:workload: terraform output failed with exit status 1, so what is deployed is unknown: Error: Error loading state: Failed to open state file at gs://acme-tf-state/terraform/workload/default.tfstate: googleapi: Error 403: denied\n",
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it("refuses a --rollback-to that is not a commit id, or not in the checkout", async () => {
    const project = new DeployProject();
    const bad = await deploy(project, ["--rollback-to", "main~1"], (url) => deployedState({}, url));
    assert.equal(bad.stderr, 'deploy:workload: --rollback-to is "main~1": expected a commit id, 7 to 40 hex digits\n');
    const unknown = await deploy(project, ["--rollback-to", "0123456789abcdef"], (url) => deployedState({}, url));
    assert.match(unknown.stderr, /^deploy:workload: --rollback-to is 0123456789abcdef: no such commit in this checkout \(a shallow clone\? GitHub: actions\/checkout with `fetch-depth: 0`; GitLab: variable `GIT_DEPTH: 0`\)\n$/);
    assert.deepEqual(project.terraformCalls(), []);
  });

  it("refuses when the deployed commit is gone from the history after a force push, saying how to join the histories", async () => {
    const project = new DeployProject();
    // The deployed commit lived in a history that was force-pushed away: no clone of today's history has it.
    const elsewhere = tempDir("other-history-");
    writeFileSync(join(elsewhere, "model.txt"), "old history\n");
    git(elsewhere, "init", "-q");
    git(elsewhere, "add", "-A");
    git(elsewhere, "commit", "-q", "-m", "old history");
    const gone = git(elsewhere, "rev-parse", "HEAD");
    const head = git(project.dir, "rev-parse", "HEAD");
    const run = await deploy(project, [], (url) => deployedState({ digest: `sha256:${"b".repeat(64)}`, commit: gone }, url));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `deploy:workload: the deployed commit ${gone} is not in the repository's history (rewritten by a force push?), so ${head} cannot be shown to be newer. ` +
        `If a clone still has ${gone.slice(0, 12)}, join the histories on the default branch (git merge -s ours --allow-unrelated-histories ${gone}) and push; ` +
        'otherwise see docs/failures.md, "Deployed commit unknown"\n',
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it("refuses a commit whose history is unrelated to the deployed one (a force-pushed branch)", async () => {
    const project = new DeployProject();
    const deployed = git(project.dir, "rev-parse", "HEAD");
    git(project.dir, "checkout", "-q", "--orphan", "rewritten");
    const unrelated = project.commit("rewritten history");
    const run = await deploy(project, [], (url) => deployedState({ digest: `sha256:${"c".repeat(64)}`, commit: deployed }, url));
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`^deploy:workload: commit ${unrelated} shares no history with the deployed commit ${deployed} \\(a force push of another history\\?\\)`));
    assert.deepEqual(project.planVariables(), []);
  });

  it("in a shallow clone that lacks the deployed commit, says to fetch the full history", async () => {
    const project = new DeployProject();
    const deployed = git(project.dir, "rev-parse", "HEAD");
    project.commit("second model");
    // What actions/checkout (fetch-depth 1) and GitLab (GIT_DEPTH 20, here 1) give a job.
    const clone = join(tempDir("shallow-"), "clone");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${project.dir}`, clone], { env: { ...process.env, ...GIT_ENV } });
    rmSync(project.path(".git"), { recursive: true });
    renameSync(join(clone, ".git"), project.path(".git"));
    const run = await deploy(project, [], (url) => deployedState({ digest: `sha256:${"d".repeat(64)}`, commit: deployed }, url));
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`the deployed commit ${deployed} is not in this checkout, a shallow clone, .*fetch the full history \\(GitHub: actions/checkout with \`fetch-depth: 0\`; GitLab: variable \`GIT_DEPTH: 0\`\\)\n$`));
  });

  /** A deploy whose apply fails with `error`, then its re-run against the same (unchanged) record. */
  async function failThenRetry(error: string) {
    const project = new DeployProject();
    const older = git(project.dir, "rev-parse", "HEAD");
    const olderDigest = digestPath(project.path("model-server"));
    const newer = project.commit("second model");
    const failed = await deploy(project, [], (url) => deployedState({ digest: olderDigest, commit: older }, url, { apply: { status: 1, stderr: error } }));
    assert.equal(failed.status, 1);
    assert.equal(
      failed.stderr.split("\n").at(-2),
      `deploy:workload: terraform apply failed with exit status 1: see its output above; the state still records model ${olderDigest} as deployed, so the next run plans and applies again`,
    );
    // The record is written only after a rollout succeeded: the outputs still name the older model.
    const retried = await deploy(project, [], (url) => deployedState({ digest: olderDigest, commit: older }, url));
    assert.equal(retried.status, 0, retried.stderr);
    assert.doesNotMatch(retried.stdout, /model unchanged/);
    assert.deepEqual(project.planVariables().at(-1), { model_digest: digestPath(project.path("model-server")), model_commit: newer, rolled_back_from: "", verify_rollout: "true" });
    assert.equal(project.terraformCalls().filter((call) => call.includes(": apply ")).length, 2);
  }

  it("after a failed push, the state still records the previous model, so the re-run plans and applies again", async () => {
    // docker provider v3.6.2 internal/provider/resource_docker_registry_image_funcs.go:57
    await failThenRetry("\nError: Error pushing docker image: denied: Permission \"artifactregistry.repositories.uploadArtifacts\" denied\n");
  });

  it("after a failed rollout, the state still records the previous model, so the re-run plans and applies again", async () => {
    // kubernetes provider v2.38.0 kubernetes/resource_kubernetes_deployment_v1.go:478
    await failThenRetry("\nError: Deployment exceeded its progress deadline\n\n  with kubernetes_deployment_v1.deployment,\n");
  });

  it("refuses a rollback when the build context holds files git does not track, which git cannot give back", async () => {
    const project = new DeployProject();
    const good = git(project.dir, "rev-parse", "HEAD");
    const bad = project.commit("bad model");
    const badDigest = digestPath(project.path("model-server"));
    writeFileSync(project.path("model-server", "weights.bin"), "pulled by dvc, not in git\n");
    const run = await deploy(project, ["--rollback-to", good], (url) => deployedState({ digest: badDigest, commit: bad }, url));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^deploy:workload: model-server holds changes or files git does not track \(model-server\/weights\.bin\): a rollback takes model-server as git recorded it/);
    assert.equal(readFileSync(project.path("model-server", "weights.bin"), "utf8"), "pulled by dvc, not in git\n");
    assert.deepEqual(project.planVariables(), []);
  });
});

describe("deploy:workload keeps a rollback (real git repositories)", { concurrency: true }, () => {
  /** good, then bad, then the state after a rollback from bad to good. */
  function rolledBack() {
    const project = new DeployProject();
    const good = git(project.dir, "rev-parse", "HEAD");
    const goodDigest = digestPath(project.path("model-server"));
    const between = project.commit("half-bad model");
    const bad = project.commit("bad model");
    const state = (url: string) => deployedState({ digest: goodDigest, commit: good, rolledBackFrom: bad }, url);
    return { project, good, goodDigest, between, bad, state };
  }

  it("refuses a re-run of the rolled-back commit's deploy, which would otherwise pass the order check", async () => {
    const { project, good, bad, state } = rolledBack();
    const run = await deploy(project, [], state);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `deploy:workload: commit ${bad} is the commit that a rollback to ${good} left: deploying it would undo that rollback. ` +
        "Deploy a newer commit (such as a revert of the bad change); or, to undo the rollback on purpose: --rollback-to <commit> " +
        "(GitHub: Run workflow with input rollback_to; GitLab: Run pipeline with variable ROLLBACK_TO)\n",
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it("refuses an ancestor of the rolled-back commit that descends from the deployed one", async () => {
    const { project, good, between, bad, state } = rolledBack();
    git(project.dir, "checkout", "-q", between);
    const run = await deploy(project, [], state);
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`^deploy:workload: commit ${between} is an ancestor of the commit ${bad} that a rollback to ${good} left: deploying it would undo that rollback\\.`));
    assert.deepEqual(project.planVariables(), []);
  });

  it("deploys a newer commit, such as the revert, as usual, and then forgets the rollback", async () => {
    const { project, good, state } = rolledBack();
    git(project.dir, "revert", "--no-edit", "HEAD");
    const revert = git(project.dir, "rev-parse", "HEAD");
    const run = await deploy(project, [], state);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`commit ${revert} descends from the deployed commit ${good}\n`));
    assert.deepEqual(project.planVariables(), [{ model_digest: digestPath(project.path("model-server")), model_commit: revert, rolled_back_from: "", verify_rollout: "true" }]);
  });

  it("undoes the rollback only when asked with --rollback-to, and then forgets it", async () => {
    const { project, bad, state } = rolledBack();
    const run = await deploy(project, ["--rollback-to", bad], state);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`undoing the rollback from ${bad}: deploying its ancestor ${bad} on request\n`));
    assert.deepEqual(project.planVariables(), [{ model_digest: digestPath(project.path("model-server")), model_commit: bad, rolled_back_from: "", verify_rollout: "true" }]);
  });

  it("a further rollback keeps the commit the first one left", async () => {
    const project = new DeployProject();
    const oldest = git(project.dir, "rev-parse", "HEAD");
    const good = project.commit("good model");
    const goodDigest = digestPath(project.path("model-server"));
    const bad = project.commit("bad model");
    const run = await deploy(project, ["--rollback-to", oldest], (url) => deployedState({ digest: goodDigest, commit: good, rolledBackFrom: bad }, url));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(project.planVariables()[0].rolled_back_from, bad);
  });

  it("in a shallow clone that lacks the commit a rollback left, says to fetch the full history; one a force push removed is let go", async () => {
    const project = new DeployProject();
    const deployed = git(project.dir, "rev-parse", "HEAD");
    const digest = digestPath(project.path("model-server"));
    const gone = "b".repeat(40);
    const forgotten = await deploy(project, [], (url) => deployedState({ digest, commit: deployed, rolledBackFrom: gone }, url));
    assert.equal(forgotten.status, 0, forgotten.stderr);
    assert.match(forgotten.stdout, new RegExp(`the commit ${gone} that the last rollback left is no longer in the repository's history: nothing to keep from it\n`));

    const clone = join(tempDir("shallow-"), "clone");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${project.dir}`, clone], { env: { ...process.env, ...GIT_ENV } });
    rmSync(project.path(".git"), { recursive: true });
    renameSync(join(clone, ".git"), project.path(".git"));
    const shallow = await deploy(project, [], (url) => deployedState({ digest, commit: deployed, rolledBackFrom: gone }, url));
    assert.equal(shallow.status, 1);
    assert.match(shallow.stderr, new RegExp(`^deploy:workload: the commit ${gone} that the last rollback left is not in this checkout, a shallow clone, .*fetch the full history`));
  });

  it("refuses when the state's rolled_back_from is not a commit id", async () => {
    const { project, good, goodDigest } = rolledBack();
    const run = await deploy(project, [], (url) => deployedState({ digest: goodDigest, commit: good, rolledBackFrom: "HEAD~1" }, url));
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'deploy:workload: the workload state\'s output rolled_back_from is "HEAD~1": expected a commit id of 40 lowercase hex digits\n');
  });
});

describe("deploy:workload records only what it deploys, and checks before it applies", { concurrency: true }, () => {
  it("refuses a build context with uncommitted or untracked changes, naming the files, before any terraform command", async () => {
    const project = new DeployProject();
    writeFileSync(project.path("model-server", "model.txt"), "edited, not committed\n");
    writeFileSync(project.path("model-server", "weights.bin"), "pulled, not committed\n");
    const run = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `deploy:workload: model-server holds changes or files git does not track (model-server/model.txt, model-server/weights.bin): ` +
        `the deploy records the model as commit ${git(project.dir, "rev-parse", "--short=12", "HEAD")}'s, so the build context must be exactly as committed; ` +
        "commit them, or remove them (git stash --include-untracked)\n",
    );
    assert.deepEqual(project.terraformCalls(), []);
  });

  it("refuses a cdktf.out synthesized with other settings, naming them, and says to synth", async () => {
    const project = new DeployProject();
    const run = await deploy(project, [], (url) => deployedState({}, url), { MODEL_REPLICAS: "3" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^deploy:workload: cdktf\.out was synthesized with other settings than the current ones \(replicas: \d+ then, 3 now\): run `npm run synth`, then deploy\n$/);
    assert.deepEqual(project.terraformCalls(), []);
  });

  it("refuses a cdktf.out synthesized from other sources, or with no record of its inputs", async () => {
    const project = new DeployProject();
    const file = project.path("cdktf.out", "synth-inputs.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(project.read("cdktf.out", "synth-inputs.json")), sources: `sha256:${"0".repeat(64)}` }));
    const other = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(other.stderr, "deploy:workload: cdktf.out was synthesized from other sources than the current main.ts, lib/, stacks/ and package-lock.json: run `npm run synth`, then deploy\n");
    rmSync(file);
    const none = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(none.stderr, "deploy:workload: cdktf.out/synth-inputs.json is missing or unreadable, so what cdktf.out was synthesized from is unknown: run `npm run synth`, then deploy\n");
    assert.deepEqual(project.terraformCalls(), []);
  });

  it("refuses a malformed sample request before planning, so production is not changed by a deploy that would then fail", async () => {
    const project = new DeployProject();
    writeFileSync(project.path("model-server", "sample-request.json"), '{"path": "predict", "method": "POST", "body": {}, "status": 200}\n');
    project.commit("a broken sample");
    const run = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'deploy:workload: sample request model-server/sample-request.json: path is "predict": expected an absolute URL path such as /predict\n');
    assert.deepEqual(project.planVariables(), []);
  });

  it("refuses a build context without a Dockerfile, or none at all, before planning", async () => {
    const project = new DeployProject();
    rmSync(project.path("model-server", "Dockerfile"));
    project.commit("no Dockerfile");
    const noDockerfile = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(noDockerfile.stderr, "deploy:workload: build context model-server has no Dockerfile: the image is built from model-server/Dockerfile (`mlem build docker_dir` writes one)\n");
    git(project.dir, "rm", "-r", "-q", "model-server");
    git(project.dir, "commit", "-q", "-m", "no build context");
    const noContext = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(noContext.stderr, "deploy:workload: build context model-server (setting buildContext) is not a directory: expected the model server's directory, with its Dockerfile\n");
    assert.deepEqual(project.planVariables(), []);
  });
});

describe("deploy:workload says what the cluster says when a rollout fails (recorded API lists)", { concurrency: true }, () => {
  const recorded = (name: string) => ({ stdout: readFileSync(join(root, "__tests__", "fixtures", "kubernetes", name), "utf8") });
  // kubernetes provider v2.38.0 kubernetes/resource_kubernetes_deployment_v1.go:478
  const ROLLOUT_FAILED = "\nError: Deployment exceeded its progress deadline\n\n  with kubernetes_deployment_v1.deployment,\n";

  it("prints the namespace's Warning events and each model pod's reason: ImagePullBackOff, CrashLoopBackOff with its exit code, Unschedulable with the scheduler's message", async () => {
    const project = new DeployProject();
    project.cluster({ events: recorded("events-warning.json"), pods: recorded("pods-failing.json") });
    const run = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: ROLLOUT_FAILED } }));
    assert.equal(run.status, 1);
    const said = run.stdout.slice(run.stdout.indexOf("What the cluster says"));
    assert.equal(
      said,
      [
        "What the cluster says about namespace live:",
        "  Recent Warning events:",
        '    2026-12-06T10:02:11Z Pod/mlops-classifier-7d9c6b5f4-2xkqp Failed: Failed to pull image "europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry/mlops-classifier@sha256:4f1e0c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f": rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: unexpected status from HEAD request: 403 Forbidden',
        "    2026-12-06T10:03:05.412907Z Pod/mlops-classifier-7d9c6b5f4-vj5tn FailedScheduling: 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
        "    2026-12-06T10:08:52Z Pod/mlops-classifier-7d9c6b5f4-8mfw2 BackOff (x14): Back-off restarting failed container mlops-classifier in pod mlops-classifier-7d9c6b5f4-8mfw2_live(0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d)",
        "  Pods of mlops-classifier:",
        '    mlops-classifier-7d9c6b5f4-2xkqp Pending: container mlops-classifier ImagePullBackOff: Back-off pulling image "europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry/mlops-classifier@sha256:4f1e0c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f"',
        "    mlops-classifier-7d9c6b5f4-8mfw2 Running: container mlops-classifier CrashLoopBackOff, last exit code 1 (Error), 6 restarts: back-off 2m40s restarting failed container=mlops-classifier pod=mlops-classifier-7d9c6b5f4-8mfw2_live(0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d)",
        "    mlops-classifier-7d9c6b5f4-vj5tn Pending: Unschedulable: 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
        "",
      ].join("\n"),
    );
    assert.match(run.stderr, /deploy:workload: terraform apply failed with exit status 1: see its output above; the state still records no model as deployed/);
    // Signed in to the configured cluster in a kubeconfig of its own, read only the model's namespace.
    const calls = project.clusterCalls();
    assert.equal(calls.length, 3);
    const kubeconfig = /KUBECONFIG=(\S+)$/.exec(calls[0])![1];
    assert.match(kubeconfig, /deploy-kubeconfig-/);
    assert.deepEqual(calls, [
      `gcloud container clusters get-credentials mlops-kubernetes --zone=europe-west6-a --project=mlops-demo-project --quiet KUBECONFIG=${kubeconfig}`,
      `kubectl get events --namespace=live --field-selector=type=Warning --output=json KUBECONFIG=${kubeconfig}`,
      `kubectl get pods --namespace=live --selector=app=mlops-classifier --output=json KUBECONFIG=${kubeconfig}`,
    ]);
    assert.equal(existsSync(kubeconfig), false, "the kubeconfig is removed");
  });

  it("also after a Service got no load balancer address in time", async () => {
    const project = new DeployProject();
    project.cluster({ events: recorded("events-warning.json"), pods: recorded("pods-failing.json") });
    // resource_kubernetes_service_v1.go:370-371 (v2.38.0), inside the SDK's timeout message.
    const timeout = "\nError: timeout while waiting for state to become 'success' (last state: 'retryableerror', timeout: 10m0s): Waiting for service \"live/mlops-classifier\" to assign IP/hostname for a load balancer\n";
    const run = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: timeout } }));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /\n  Recent Warning events:\n    2026-12-06T10:02:11Z Pod\//);
  });

  it("also when the plan's rollout check finds the last rollout incomplete, and after a rollout wait that timed out", async () => {
    const project = new DeployProject();
    project.cluster({ events: recorded("events-warning.json"), pods: recorded("pods-failing.json") });
    // The workload stack's postcondition on data.kubernetes_resource.rollout (stacks/workload.ts).
    const incomplete = "\nError: Resource postcondition failed\n\nThe rollout of Deployment live/mlops-classifier is not complete (old pods remain, none is available, or its progress deadline passed)\n";
    const checked = await deploy(project, [], (url) => deployedState({}, url, { plan: { status: 1, stderr: incomplete } }));
    assert.equal(checked.status, 1);
    assert.match(checked.stdout, /\n  Pods of mlops-classifier:\n/);
    // resource_kubernetes_deployment_v1.go:490 (v2.38.0), inside the SDK's timeout message.
    const waited = "\nError: timeout while waiting for state to become 'success' (last state: 'retryableerror', timeout: 45m0s): Waiting for rollout to finish: 2 replicas wanted; 0 replicas Ready\n";
    const timedOut = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: waited } }));
    assert.equal(timedOut.status, 1);
    assert.match(timedOut.stdout, /\n  Pods of mlops-classifier:\n/);
  });

  it("says what it could not read (a Role without events), and still fails with Terraform's error", async () => {
    const project = new DeployProject();
    const forbidden = 'Error from server (Forbidden): events is forbidden: User "mlem-service-account@mlops-demo-project.iam.gserviceaccount.com" cannot list resource "events" in API group "" in the namespace "live"\n';
    project.cluster({ events: { status: 1, stderr: forbidden }, pods: recorded("pods-failing.json") });
    const run = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: ROLLOUT_FAILED } }));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /\n  could not list events: Error from server \(Forbidden\): events is forbidden: .*\n  Pods of mlops-classifier:\n    mlops-classifier-7d9c6b5f4-2xkqp Pending: container mlops-classifier ImagePullBackOff/);
    assert.match(run.stderr, /terraform apply failed with exit status 1/);
  });

  it("says so when kubectl cannot be signed in, and still fails with Terraform's error", async () => {
    const project = new DeployProject();
    project.cluster({ credentials: { status: 1, stderr: "ERROR: (gcloud.container.clusters.get-credentials) You do not currently have an active account selected.\n" } });
    const run = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: ROLLOUT_FAILED } }));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /\n  could not sign kubectl in to cluster mlops-kubernetes: ERROR: \(gcloud\.container\.clusters\.get-credentials\) You do not currently have an active account selected\.\n/);
    assert.match(run.stderr, /terraform apply failed with exit status 1/);
  });

  it("asks the cluster nothing after a failure that is not the rollout's (a denied push)", async () => {
    const project = new DeployProject();
    const denied = '\nError: Error pushing docker image: denied: Permission "artifactregistry.repositories.uploadArtifacts" denied\n';
    const run = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: denied } }));
    assert.equal(run.status, 1);
    assert.deepEqual(project.clusterCalls(), []);
    assert.doesNotMatch(run.stdout, /What the cluster says/);
  });
});

describe("deploy:workload when two deploys overlap", { concurrency: true }, () => {
  it("applies nothing when another deploy recorded a model while this one planned", async () => {
    const project = new DeployProject();
    const older = git(project.dir, "rev-parse", "HEAD");
    const olderDigest = digestPath(project.path("model-server"));
    const newer = project.commit("second model");
    // A third deploy, of a commit after `newer`, finished between this one's order check and its plan.
    const other = { digest: `sha256:${"e".repeat(64)}`, commit: "f".repeat(40) };
    const run = await deploy(project, [], (url) => ({
      ...deployedState({ digest: olderDigest, commit: older }, url),
      "output -json": [outputs({ model_digest: olderDigest, model_commit: older, url }), outputs({ model_digest: other.digest, model_commit: other.commit, url })],
    }));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `deploy:workload: another deploy recorded model ${other.digest} at commit ${other.commit} while this one planned: nothing applied; re-run to check the order against it\n`,
    );
    assert.deepEqual(project.planVariables(), [{ model_digest: digestPath(project.path("model-server")), model_commit: newer, rolled_back_from: "", verify_rollout: "true" }]);
    assert.equal(applied(project), false);
  });

  it("says so when Terraform refuses the saved plan because another run changed the state after it", async () => {
    const project = new DeployProject();
    // Terraform v1.11.4's diagnostic (internal/backend/local/backend_local.go:322-327).
    const stale =
      "\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by\nanother operation after the plan was created.\n";
    const run = await deploy(project, [], (url) => deployedState({}, url, { apply: { status: 1, stderr: stale } }));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr.split("\n").at(-2),
      "deploy:workload: terraform apply: another run changed the workload state after this plan, so nothing was applied; re-run to plan against it",
    );
  });
});

describe("deploy:workload waits a bounded time for the state lock, then names its holder", { concurrency: true }, () => {
  it("passes --lock-timeout to plan and apply", async () => {
    const project = new DeployProject();
    const run = await deploy(project, ["--lock-timeout", "90s"], (url) => deployedState({}, url));
    assert.equal(run.status, 0, run.stderr);
    const stateCalls = project.terraformCalls().filter((call) => / (plan|apply) /.test(call));
    assert.equal(stateCalls.length, 2);
    assert.ok(stateCalls.every((call) => call.includes(" -lock-timeout=90s ")), stateCalls.join("\n"));
  });

  it("refuses a --lock-timeout that is not a bounded wait", async () => {
    const project = new DeployProject();
    for (const value of ["forever", "61m"]) {
      const run = await deploy(project, ["--lock-timeout", value], (url) => deployedState({}, url));
      assert.equal(run.stderr, `deploy:workload: --lock-timeout is ${JSON.stringify(value)}: expected a wait in whole seconds or minutes, from 0s to 60m, such as 90s or 5m\n`);
    }
    assert.deepEqual(project.terraformCalls(), []);
  });

  it("when the plan finds the state locked, says who holds it, from Terraform's own Lock Info", async () => {
    const project = new DeployProject();
    const run = await deploy(project, [], (url) => deployedState({}, url, { plan: { status: 1, stderr: LOCK_HELD } }));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr.split("\n").at(-2),
      "deploy:workload: terraform plan: the state is locked by root@vm (operation OperationTypeApply, since 2026-12-01 10:48:44.953812503 +0000 UTC, " +
        "lock ID aee87253-244b-ac7f-532e-e460351bd462, path terraform.tfstate), waited 5m. " +
        "Re-run once that run is done; if it died holding the lock: terraform -chdir=cdktf.out/stacks/workload force-unlock aee87253-244b-ac7f-532e-e460351bd462",
    );
    assert.equal(applied(project), false);
  });

  it("reads the holder of a gcs lock, whose ID is the lock object's generation", () => {
    // The gcs backend reads the holder's LockInfo from the lock object and sets ID to its
    // generation (terraform v1.11.4 internal/backend/remote-state/gcs/client.go:137-182).
    const output = LOCK_HELD.replace("resource temporarily unavailable", 'writing "gs://acme-tf-state/terraform/workload/default.tflock" failed: googleapi: Error 412: At least one of the pre-conditions you specified did not hold., conditionNotMet')
      .replace("aee87253-244b-ac7f-532e-e460351bd462", "1733049524953812")
      .replace("terraform.tfstate", "gs://acme-tf-state/terraform/workload/default.tflock")
      .replace("root@vm", "runner@fv-az1234-567");
    const lock = heldLock(output)!;
    assert.equal(lock.info?.who, "runner@fv-az1234-567");
    assert.match(describeHeldLock(lock, "cdktf.out/stacks/workload", "5m"), /^the state is locked by runner@fv-az1234-567 \(operation OperationTypeApply, .*force-unlock 1733049524953812$/);
  });

  it("on Terraform Cloud names the locked workspace, not the Lock Info, which is the waiting run's own", () => {
    // internal/cloud/state.go:343-353 (v1.11.4): on tfe.ErrWorkspaceLocked the error carries the caller's LockInfo.
    const output = LOCK_HELD.replace("resource temporarily unavailable", 'workspace already locked (lock ID: "acme-ml/mlops-workload")');
    assert.equal(
      describeHeldLock(heldLock(output)!, "cdktf.out/stacks/workload", "5m"),
      "Terraform Cloud workspace acme-ml/mlops-workload is locked (Terraform does not say by whom: the workspace's page does), waited 5m; re-run when its run or lock is gone",
    );
  });

  it("finds no lock in other failures, and accepts 0s to 60m", () => {
    assert.equal(heldLock("Error: Deployment exceeded its progress deadline\n"), undefined);
    assert.deepEqual(["0s", "90s", "5m", "60m"].map((value) => lockTimeout(value)), ["0s", "90s", "5m", "60m"]);
    for (const value of ["5", "1h", "3601s", "-1m", "5 m"]) assert.throws(() => lockTimeout(value), /expected a wait in whole seconds or minutes/);
  });
});

describe("deploy:workload checks the Docker daemon before planning", { concurrency: true }, () => {
  it("refuses a daemon whose containerd image store is on, naming the daemon setting, before planning", async () => {
    const project = new DeployProject();
    project.docker("containerd-store");
    const run = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      "deploy:workload: the Docker daemon (29.1.3) stores images with containerd (docker info: DriverStatus driver-type io.containerd.snapshotter.v1), " +
        "and the docker provider 3.6.2 cannot build images there (kreuzwerker/terraform-provider-docker issue 534): " +
        'set "features": {"containerd-snapshotter": false} in /etc/docker/daemon.json and restart the daemon ' +
        '(Docker Desktop: Settings > General, untick "Use containerd for pulling and storing images")\n',
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it("deploys with a daemon that keeps the classic image store, and logs it", async () => {
    const project = new DeployProject();
    const run = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\ndocker: Docker 28\.2\.2, storage driver overlay2\n/);
  });

  it("says so when no Docker daemon answers", async () => {
    const project = new DeployProject();
    project.docker("no-daemon");
    const run = await deploy(project, [], (url) => deployedState({}, url));
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      "deploy:workload: no Docker daemon answered `docker info` (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): " +
        "the workload stack builds the model image with the docker provider, which needs a Docker daemon; start it, or point DOCKER_HOST at one\n",
    );
    assert.deepEqual(project.planVariables(), []);
  });

  it("says so when docker is not on PATH", async () => {
    const project = new DeployProject();
    const run = await deploy(project, [], (url) => deployedState({}, url), { PATH: pathWithoutDocker(project) });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^deploy:workload: docker is not on PATH: the workload stack builds the model image with the docker provider, which needs a Docker daemon/);
    assert.deepEqual(project.planVariables(), []);
  });

  it("needs no Docker daemon when the model is unchanged and nothing is built", async () => {
    const project = new DeployProject();
    project.docker("containerd-store");
    const digest = digestPath(project.path("model-server"));
    const run = await deploy(project, [], (url) => deployedState({ digest, commit: git(project.dir, "rev-parse", "HEAD") }, url));
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /docker:/);
  });

  it("reads docker info as the CLI prints it, without a daemon process", () => {
    const fixture = (name: string) => readFileSync(join(root, "__tests__", "fixtures", "docker", name), "utf8");
    assert.equal(checkDockerDaemon(() => ({ status: 0, stdout: fixture("info-classic-store.json"), stderr: "" })), "Docker 28.2.2, storage driver overlay2");
    assert.throws(() => checkDockerDaemon(() => ({ status: 0, stdout: fixture("info-containerd-store.json"), stderr: "" })), /containerd-snapshotter": false/);
    assert.throws(() => checkDockerDaemon(() => ({ stdout: "", stderr: "" })), /^Error: docker is not on PATH/);
  });
});
