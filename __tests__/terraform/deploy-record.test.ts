// deploy:workload with REAL Terraform 1.11.4 (local state, built-in provider
// only, so it runs offline) on a stand-in workload stack shaped like the
// agreed interface: variables model_digest and model_commit, a "deployment"
// replaced by the digest, and a `terraform_data` record of digest and commit
// that depends on it, read back as outputs model_digest and model_commit.
// A rollout is made to fail with a local-exec provisioner, so the test shows,
// through Terraform's own state handling, that a failed rollout leaves the
// previous record and the re-run deploys again; and a real `terraform apply`
// waiting at its prompt holds the state lock while a deploy runs into it.
// Skipped only where no terraform is on PATH; .ci/run requires one.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { setTimeout as sleep } from "timers/promises";
import { digestPath } from "../../lib/digest";
import { modelServer } from "../model-stand-in";
import { DeployProject, GIT_ENV, git } from "../deploy-project";

const found = spawnSync("terraform", ["version"], { encoding: "utf8" });
const skip = found.status === 0 ? false : "needs terraform on PATH; CI's .ci/run requires it";

const STACK = "cdktf.out/stacks/workload";

/** The stand-in workload stack; `url` is the model server the smoke test asks. */
function workloadStack(url: string): string {
  return JSON.stringify({
    variable: {
      model_digest: { type: "string", description: "sha256:<64 hex> of the build context" },
      model_commit: { type: "string", description: "git commit of the build context" },
      // Declared as the workload stack declares it; the stand-in has no status to read.
      verify_rollout: { type: "bool", default: false, description: "read the Deployment's status before recording" },
      rolled_back_from: { type: "string", default: "", description: "commit the last rollback left" },
      deployed_at: { type: "string", default: "", description: "when the deploy applied" },
    },
    resource: {
      terraform_data: {
        // Stands in for image, push and Deployment: replaced by the digest, and its
        // rollout fails while the file rollout-fails exists in the stack directory.
        deployment: {
          triggers_replace: "${var.model_digest}",
          // While rollout-holds exists the rollout never ends on its own (a
          // cancelled job's apply); rollout-started says it has begun.
          provisioner: [
            { "local-exec": { command: "test ! -e rollout-fails" } },
            { "local-exec": { command: "if [ -e rollout-holds ]; then touch rollout-started; exec sleep 600; fi" } },
          ],
        },
        deployed: {
          input: { digest: "${var.model_digest}", commit: "${var.model_commit}", rolled_back_from: "${var.rolled_back_from}", deployed_at: "${var.deployed_at}" },
          triggers_replace: "${var.model_digest}",
          depends_on: ["terraform_data.deployment"],
        },
      },
    },
    output: {
      model_digest: { value: "${terraform_data.deployed.output.digest}" },
      model_commit: { value: "${terraform_data.deployed.output.commit}" },
      rolled_back_from: { value: "${terraform_data.deployed.output.rolled_back_from}" },
      deployed_at: { value: "${terraform_data.deployed.output.deployed_at}" },
      url: { value: url },
    },
  });
}


/** A deploy project whose `terraform` is the real one, on the stand-in stack. */
function realTerraformProject(url: string): DeployProject {
  const project = new DeployProject();
  rmSync(project.path(".fake-bin", "terraform"));
  writeFileSync(project.path(STACK, "main.tf.json"), workloadStack(url));
  return project;
}

const SMOKE_FAST = ["--attempts", "1", "--delay-ms", "0", "--timeout-ms", "60000"];

const DEPLOY_ENV = { ...GIT_ENV, HOME: process.env.HOME ?? "/tmp", CHECKPOINT_DISABLE: "1" };

function deploy(project: DeployProject, args: string[] = []) {
  return project.run("deploy-workload", [...args, ...SMOKE_FAST], {}, DEPLOY_ENV);
}

/** The pid of `parent`'s child process whose command is `name` (Linux /proc), failing unless there is exactly one. */
function childNamed(parent: number, name: string): number {
  const tasks = readdirSync(`/proc/${parent}/task`);
  const children = tasks.flatMap((task) => readFileSync(`/proc/${parent}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  const named = children.filter((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === name);
  assert.equal(named.length, 1, `${parent}'s children named ${name}: ${named.join(", ") || "none"}`);
  return named[0];
}

function stateOutput(project: DeployProject, name: string): string {
  return spawnSync("terraform", [`-chdir=${STACK}`, "output", "-raw", name], { cwd: project.dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).stdout;
}

describe("deploy:workload through real Terraform", { skip, concurrency: true }, () => {
  it("records digest and commit only after the rollout; after a failed rollout the re-run deploys again, then says unchanged", async () => {
    const server = await modelServer();
    try {
      const project = realTerraformProject(server.url);
      const first = git(project.dir, "rev-parse", "HEAD");
      const firstDigest = digestPath(project.path("model-server"));
      const deployed = await deploy(project);
      assert.equal(deployed.status, 0, deployed.stderr);
      assert.deepEqual([stateOutput(project, "model_digest"), stateOutput(project, "model_commit")], [firstDigest, first]);

      const second = project.commit("second model");
      const secondDigest = digestPath(project.path("model-server"));
      writeFileSync(project.path(STACK, "rollout-fails"), "");
      const failed = await deploy(project);
      assert.equal(failed.status, 1);
      assert.match(failed.stderr, new RegExp(`terraform apply failed with exit status 1: see its output above; the state still records model ${firstDigest} as deployed`));
      // Terraform saved what it did; the record still names what really rolled out.
      assert.deepEqual([stateOutput(project, "model_digest"), stateOutput(project, "model_commit")], [firstDigest, first]);

      rmSync(project.path(STACK, "rollout-fails"));
      const retried = await deploy(project);
      assert.equal(retried.status, 0, retried.stderr);
      assert.match(retried.stdout, new RegExp(`deploying model ${secondDigest} of commit ${second}\n`));
      assert.deepEqual([stateOutput(project, "model_digest"), stateOutput(project, "model_commit")], [secondDigest, second]);

      const again = await deploy(project);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /\nmodel unchanged, nothing deployed\n/);
    } finally {
      server.close();
    }
  });

  it("waits --lock-timeout for a lock a running apply holds, then names the holder as Terraform recorded it", async () => {
    const server = await modelServer();
    let holder: ChildProcessWithoutNullStreams | undefined;
    try {
      const project = realTerraformProject(server.url);
      const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
      const stack = project.path(STACK);
      assert.equal(spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: stack, env }).status, 0);
      // An apply at its approval prompt holds the lock until its input ends.
      const vars = ["-var", `model_digest=sha256:${"0".repeat(64)}`, "-var", `model_commit=${"0".repeat(40)}`];
      holder = spawn("terraform", ["apply", "-no-color", ...vars], { cwd: stack, env });
      let holderOutput = "";
      holder.stdout.on("data", (chunk) => (holderOutput += chunk));
      // Terraform writes the lock's info next to the state once it holds the lock.
      const lockFile = project.path(STACK, ".terraform.tfstate.lock.info");
      while (!/Enter a value:/.test(holderOutput)) {
        if (holder.exitCode !== null) assert.fail(`the holding apply ended early:\n${holderOutput}`);
        await new Promise((wait) => setTimeout(wait, 50));
      }
      assert.ok(existsSync(lockFile));
      const lock = JSON.parse(readFileSync(lockFile, "utf8"));
      const run = await deploy(project, ["--lock-timeout", "1s"]);
      assert.equal(run.status, 1);
      assert.equal(
        run.stderr.split("\n").at(-2),
        `deploy:workload: terraform plan: the state is locked by ${lock.Who} (operation OperationTypeApply, since ${run.stderr.match(/since ([^,]+),/)![1]}, ` +
          `lock ID ${lock.ID}, path terraform.tfstate), waited 1s. Re-run once that run is done; if it died holding the lock: terraform -chdir=${STACK} force-unlock ${lock.ID}`,
      );
      assert.match(run.stderr, new RegExp(`since ${lock.Created.slice(0, 19).replace("T", " ")}`));
    } finally {
      holder?.stdin.end("no\n");
      server.close();
    }
  });

  it("a deploy cancelled mid-apply (SIGINT, then SIGTERM, to its process group) lets Terraform stop once and release the lock; the next deploy proceeds", async () => {
    const server = await modelServer();
    try {
      const project = realTerraformProject(server.url);
      const first = git(project.dir, "rev-parse", "HEAD");
      const firstDigest = digestPath(project.path("model-server"));
      assert.equal((await deploy(project)).status, 0);

      const second = project.commit("second model");
      writeFileSync(project.path(STACK, "rollout-holds"), "");
      const cancelled = project.start("deploy-workload", SMOKE_FAST, {}, DEPLOY_ENV);
      // The signal is sent once the apply is under way, whatever the time it took to get there.
      while (!existsSync(project.path(STACK, "rollout-started"))) {
        if (cancelled.child.exitCode !== null) assert.fail(`the deploy ended before its apply began:\n${(await cancelled.done).stderr}`);
        await sleep(50);
      }
      // What a cancelled CI job or a terminal's Ctrl-C does: every process of the group gets the
      // signals. Both while Terraform still runs (GitHub sends SIGTERM 7.5 s after SIGINT):
      // whichever the deploy takes first is passed on, the other never. Two kill() calls are not
      // one instant: on a loaded machine this process can be descheduled between them for as long
      // as Terraform takes to stop, and the second signal then finds the deploy gone. So Terraform
      // is frozen (SIGSTOP, its own group) until the deploy has taken both; what it was passed
      // waits, pending, and reaches it on SIGCONT.
      let deployStderr = "";
      cancelled.child.stderr!.on("data", (chunk) => (deployStderr += chunk));
      const terraformPid = childNamed(cancelled.child.pid!, "terraform");
      process.kill(terraformPid, "SIGSTOP");
      let taken = false;
      try {
        // Stopped before the deploy can pass it anything: an interrupt pending beside an
        // unhandled SIGSTOP would be taken first (the lower signal number).
        while (readFileSync(`/proc/${terraformPid}/stat`, "utf8").split(") ")[1][0] !== "T") await sleep(10);
        process.kill(-cancelled.child.pid!, "SIGINT");
        process.kill(-cancelled.child.pid!, "SIGTERM");
        while ((deployStderr.match(/^(SIGINT|SIGTERM) received: /gm) ?? []).length < 2) {
          if (cancelled.child.exitCode !== null || cancelled.child.signalCode !== null) {
            assert.fail(`the deploy ended before it took both signals:\n${(await cancelled.done).stderr}`);
          }
          await sleep(50);
        }
        taken = true;
      } finally {
        process.kill(terraformPid, "SIGCONT");
        // A deploy that died of the signals leaves Terraform and its rollout running: end them.
        if (!taken) process.kill(-terraformPid, "SIGKILL");
      }
      const run = await cancelled.done;
      assert.equal(run.status, 1);
      assert.match(run.stdout, /Interrupt received\./);
      assert.doesNotMatch(run.stdout, /Two interrupts received/);
      const passed = [...run.stderr.matchAll(/^(SIGINT|SIGTERM) received: asking terraform apply to stop, and waiting for it to save the state and release the lock$/gm)];
      const held = [...run.stderr.matchAll(/^(SIGINT|SIGTERM) received: terraform apply is already stopping; a second interrupt would leave the state locked, so it is not passed on$/gm)];
      assert.equal(passed.length, 1, run.stderr);
      assert.equal(held.length, 1, run.stderr);
      assert.deepEqual([passed[0][1], held[0][1]].sort(), ["SIGINT", "SIGTERM"]);
      assert.match(
        run.stderr,
        new RegExp(`deploy:workload: terraform apply stopped on ${passed[0][1]}: Terraform was asked to stop once, finished what it was doing, saved the state and released its lock \\(exit status 1\\); the state still records model ${firstDigest} as deployed`),
      );
      assert.equal(existsSync(project.path(STACK, ".terraform.tfstate.lock.info")), false, "the state lock is released");
      assert.deepEqual([stateOutput(project, "model_digest"), stateOutput(project, "model_commit")], [firstDigest, first]);

      rmSync(project.path(STACK, "rollout-holds"));
      const next = await deploy(project, ["--lock-timeout", "0s"]);
      assert.equal(next.status, 0, next.stderr);
      assert.deepEqual([stateOutput(project, "model_digest"), stateOutput(project, "model_commit")], [digestPath(project.path("model-server")), second]);
    } finally {
      server.close();
    }
  });
});
