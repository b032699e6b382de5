// The first pull request's plan through Terraform's REAL gcs backend
// (terraform 1.11.4), pointed at the Cloud Storage stand-in of sim/gcs with
// GOOGLE_BACKEND_STORAGE_CUSTOM_ENDPOINT and signed in with a fake token
// (GOOGLE_OAUTH_ACCESS_TOKEN): no network, no credentials. The stand-in's
// "planner" may only read, as roles/storage.objectViewer; the "deployer" may
// write. The stacks hold only terraform_data and terraform_remote_state
// (Terraform's built-in provider), shaped as cdktf synthesizes cross-stack
// references, so no provider is needed.
// Skipped only where no terraform >= 1.7 is on PATH; .ci/run requires one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { copyStack } from "../../scripts/first-plan";
import { planComment, summarizePlan } from "../../scripts/plan-summary";
import { WORKLOAD_STACK } from "../../scripts/terraform";
import { findTerraform } from "../../sim/offline";
import { startStorageStandIn, StorageStandIn } from "../../sim/gcs/server";
import { schemasForStacks, StackJson } from "../../sim/providers";
import { Simulator, startSimulator } from "../../sim/server";
import { ChildRun, runChild } from "../child";
import { defaultContext, root, tempDir } from "../support";
import { git } from "../deploy-project";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;

const BUCKET = "mlops-state";
const PLANNER = "planner@mlops.iam.gserviceaccount.com";
const DENIED = `googleapi: Error 403: ${PLANNER} does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist)., forbidden`;
const SOURCE_READ = "data.terraform_remote_state.cross-stack-reference-input-source";

/** Terraform's environment in CI: the stand-in as Cloud Storage, signed in as the identity of `token`. */
function storageEnv(storage: StorageStandIn, token: string, home: string, cliConfig: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
    GOOGLE_BACKEND_STORAGE_CUSTOM_ENDPOINT: storage.endpoint,
    GOOGLE_OAUTH_ACCESS_TOKEN: token,
  };
}

/** `npm run plan:stack -- <stack>` as a CI job runs it in the synthesized project `dir`. */
function planStack(dir: string, stack: string, env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return runChild(process.execPath, [join(root, "bin", "app.js"), "scripts/plan-stack", stack], { cwd: dir, env: { ...env, CI: "true" } });
}

/** `source` has an output that `reader` reads through terraform_remote_state, as cdktf wires stacks. */
function stacks(prefix: string): Record<string, object> {
  const backend = (stack: string) => ({ gcs: { bucket: BUCKET, prefix: `${prefix}/terraform/${stack}` } });
  return {
    source: {
      terraform: { backend: backend("source") },
      resource: { terraform_data: { registry: { input: "europe-west6-docker.pkg.dev/mlops/mlops-registry" } } },
      output: { "cross-stack-output-terraform_dataregistryoutput": { value: "${terraform_data.registry.output}" } },
    },
    reader: {
      terraform: { backend: backend("reader") },
      data: {
        terraform_remote_state: {
          "cross-stack-reference-input-source": { backend: "gcs", config: backend("source").gcs, workspace: "${terraform.workspace}" },
        },
      },
      resource: {
        terraform_data: { image: { input: `\${${SOURCE_READ}.outputs.cross-stack-output-terraform_dataregistryoutput}` } },
      },
    },
  };
}

/**
 * A synthesized project whose stacks keep their state in the stand-in's
 * bucket, under a prefix of its own so that projects share one stand-in.
 */
class GcsProject {
  readonly dir = tempDir("gcs-project-");
  private readonly rc = join(this.dir, "terraform.rc");

  constructor(readonly storage: StorageStandIn, readonly prefix: string) {
    writeFileSync(join(this.dir, "cdktf.json"), JSON.stringify({ context: { ...defaultContext, backend: "gcs" } }));
    const manifest = { version: "0.21.0", stacks: { source: { name: "source" }, reader: { name: "reader", dependencies: ["source"] } } };
    mkdirSync(join(this.dir, "cdktf.out"));
    writeFileSync(join(this.dir, "cdktf.out", "manifest.json"), JSON.stringify(manifest));
    for (const [stack, json] of Object.entries(stacks(prefix))) {
      mkdirSync(this.stackDir(stack), { recursive: true });
      writeFileSync(join(this.stackDir(stack), "cdk.tf.json"), JSON.stringify(json, null, 2));
    }
    writeFileSync(this.rc, "disable_checkpoint = true\n");
  }

  stackDir(stack: string): string {
    return join(this.dir, "cdktf.out", "stacks", stack);
  }

  env(token: string): NodeJS.ProcessEnv {
    return storageEnv(this.storage, token, this.dir, this.rc);
  }

  terraform(stack: string, token: string, args: string[]): Promise<ChildRun> {
    return runChild("terraform", [...args, "-input=false", "-no-color"], { cwd: this.stackDir(stack), env: this.env(token) });
  }

  /** What the deploy does: init and apply, as the deployer. */
  async deploy(stack: string): Promise<void> {
    for (const args of [["init"], ["apply", "-auto-approve"]]) {
      const run = await this.terraform(stack, "deployer-token", args);
      assert.equal(run.status, 0, `${args[0]} of ${stack}:\n${run.stdout}${run.stderr}`);
    }
  }

  /** `npm run plan:stack -- <stack>` in CI, as the planner. */
  planStack(stack: string): Promise<ChildRun> {
    return planStack(this.dir, stack, this.env("planner-token"));
  }

  /** The objects under the project's prefix, without it. */
  objects(): string[] {
    const under = `${BUCKET}/${this.prefix}/`;
    return [...this.storage.objects.keys()]
      .filter((key) => key.startsWith(under))
      .map((key) => key.slice(under.length))
      .sort();
  }

  /** Drops a stack's state, as if it had never been applied. */
  forget(stack: string): void {
    this.storage.objects.delete(`${BUCKET}/${this.prefix}/terraform/${stack}/default.tfstate`);
  }

  generations(): [string, number][] {
    return this.objects().map((name) => [name, this.storage.objects.get(`${BUCKET}/${this.prefix}/${name}`)!.generation]);
  }

  /** Every write `email` asked for under the project's prefix, refused ones included. */
  writes(email = PLANNER) {
    return this.storage.writes.filter((write) => write.email === email && write.object.startsWith(`${BUCKET}/${this.prefix}/`));
  }

  /** Where the stand-in keeps a stack's state, as Terraform names it. */
  state(stack: string, suffix = "tfstate"): string {
    return `gs://${BUCKET}/${this.prefix}/terraform/${stack}/default.${suffix}`;
  }

  planRecord(stack: string): { output: string; exitStatus: number } {
    return {
      output: readFileSync(join(this.dir, "plans", `${stack}.txt`), "utf8"),
      exitStatus: Number(readFileSync(join(this.dir, "plans", `${stack}.exitcode`), "utf8")),
    };
  }
}

describe("the first pull request's plan, through Terraform's real gcs backend", { skip, concurrency: true }, () => {
  let storage: StorageStandIn;
  before(async () => {
    storage = await startStorageStandIn(
      {
        "planner-token": { email: PLANNER, role: "viewer" },
        "deployer-token": { email: "deployer@mlops.iam.gserviceaccount.com", role: "admin" },
      },
      [BUCKET],
    );
  });
  after(() => storage.close());

  let projects = 0;
  const project = () => new GcsProject(storage, `project-${++projects}`);

  // Both stacks applied once by the deployer; a test that needs them deployed gets a copy of their states.
  let deployed: GcsProject;
  before(async () => {
    deployed = project();
    await deployed.deploy("source");
    await deployed.deploy("reader");
  });
  function deployedCopy(): GcsProject {
    const made = project();
    for (const name of deployed.objects())
      made.storage.put(BUCKET, `${made.prefix}/${name}`, storage.objects.get(`${BUCKET}/${deployed.prefix}/${name}`)!.data);
    return made;
  }

  it("the stand-in holds what the deployer applies: state written under a lock taken with ifGenerationMatch=0 and released", () => {
    assert.deepEqual(deployed.objects(), ["terraform/reader/default.tfstate", "terraform/source/default.tfstate"]);
    const state = JSON.parse(storage.objects.get(`${BUCKET}/${deployed.prefix}/terraform/source/default.tfstate`)!.data.toString("utf8"));
    assert.equal(state.outputs["cross-stack-output-terraform_dataregistryoutput"].value, "europe-west6-docker.pkg.dev/mlops/mlops-registry");
    const deployer = deployed.writes("deployer@mlops.iam.gserviceaccount.com").map((write) => `${write.method} ${write.object.split("/").slice(-2).join("/")}`);
    for (const stack of ["source", "reader"]) {
      const own = deployer.filter((write) => write.includes(`${stack}/`));
      assert.ok(own.filter((write) => write === `insert ${stack}/default.tflock`).length >= 2, own.join("\n"));
      assert.equal(own.at(-1), `delete ${stack}/default.tflock`);
    }
  });

  it("the stand-in refuses a second lock with 412 (ifGenerationMatch=0), and Terraform names who holds it", async () => {
    const made = deployedCopy();
    assert.equal((await made.terraform("source", "deployer-token", ["init"])).status, 0);
    const holder = { ID: "", Operation: "OperationTypeApply", Info: "", Who: "deploy@runner-7", Version: "1.11.4", Created: "2026-12-01T10:00:00Z", Path: "" };
    storage.put(BUCKET, `${made.prefix}/terraform/source/default.tflock`, JSON.stringify(holder));
    const apply = await made.terraform("source", "deployer-token", ["apply", "-auto-approve", "-lock-timeout=0s"]);
    assert.equal(apply.status, 1);
    const text = apply.stderr.replace(/\s+/g, " ");
    assert.ok(text.includes("Error: Error acquiring the state lock"), apply.stderr);
    assert.ok(text.includes("googleapi: Error 412: At least one of the pre-conditions you specified did not hold., conditionNotMet"), apply.stderr);
    assert.ok(text.includes("Who: deploy@runner-7"), apply.stderr);
  });

  it("today: the planner's first init of a never-applied stack gets 403, because the gcs backend creates a missing state under a lock (backend_state.go:108-142)", async () => {
    const made = project();
    const init = await made.terraform("source", "planner-token", ["init"]);
    assert.equal(init.status, 1);
    const lock = made.state("source", "tflock");
    assert.ok(init.stderr.includes(`Error: Error loading state: writing "${lock}" failed: ${DENIED}`), init.stderr);
    // -lock=false does not help: the plan asks for the state before it looks at -lock (backend_local.go:47-53).
    const plan = await made.terraform("source", "planner-token", ["plan", "-lock=false"]);
    assert.equal(plan.status, 1);
    assert.ok(plan.stderr.includes(`Error: error loading state: writing "${lock}" failed: ${DENIED}`), plan.stderr);
    assert.deepEqual(made.objects(), []);
    assert.deepEqual(
      made.writes().map((write) => write.allowed),
      [false, false],
    );
  });

  it("today: terraform_remote_state of a stack with no state fails the same way for the planner (data_source_state.go:132)", async () => {
    const made = deployedCopy();
    made.forget("source");
    assert.deepEqual(made.objects(), ["terraform/reader/default.tfstate"]);
    assert.equal((await made.terraform("reader", "planner-token", ["init"])).status, 0);
    const plan = await made.terraform("reader", "planner-token", ["plan", "-lock=false"]);
    assert.equal(plan.status, 1);
    const text = plan.stderr.replace(/\s+/g, " ");
    assert.ok(text.includes(`Error: Error loading state error with ${SOURCE_READ}`), plan.stderr);
    assert.ok(text.includes(`error loading the remote state: writing "${made.state("source", "tflock")}" failed: ${DENIED}`), plan.stderr);
  });

  it("plan:stack: the planner's first plan of a never-applied stack succeeds against empty state, says so, and writes nothing", async () => {
    const made = project();
    const run = await made.planStack("source");
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const note = `stack source (${made.state("source")}): not deployed yet; planned against empty state`;
    assert.ok(run.stdout.endsWith(`\nsource: Plan: 1 to add, 0 to change, 0 to destroy.\nsource: ${note}\n`), run.stdout);
    const record = made.planRecord("source");
    assert.ok(record.output.startsWith(`plan:stack: ${note}\n`), record.output);
    const summary = summarizePlan(record.output, record.exitStatus);
    assert.deepEqual(summary.notDeployed, [note]);
    const comment = planComment({ stack: "source", summary, output: record.output });
    assert.ok(comment.includes(`\nPlan: 1 to add, 0 to change, 0 to destroy.\n\n- ${note}\n`), comment);
    assert.deepEqual(made.objects(), []);
    assert.ok(made.writes().every((write) => !write.allowed));
    assert.deepEqual(readdirSync(join(made.dir, "cdktf.out", "stacks")).sort(), ["reader", "source"], "the planning copy is removed");
  });

  it("plan:stack: a stack whose remote-state source has no state plans with the source's outputs known after apply, and says so", async () => {
    const made = deployedCopy();
    made.forget("source");
    const before = made.generations();
    const run = await made.planStack("reader");
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const note = `${SOURCE_READ} (${made.state("source")}): not deployed yet; planned against empty state, its outputs known after apply`;
    assert.ok(run.stdout.endsWith(`\nreader: Plan: 0 to add, 1 to change, 0 to destroy.\nreader: ${note}\n`), run.stdout);
    const record = made.planRecord("reader");
    assert.ok(record.output.includes(`# ${SOURCE_READ} will be read during apply`), record.output);
    assert.deepEqual(made.generations(), before);
    assert.ok(made.writes().every((write) => !write.allowed));
  });

  it("plan:stack: the first pull request, where neither the stack nor its source was applied, plans and names both", async () => {
    const made = project();
    const run = await made.planStack("reader");
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const summary = summarizePlan(made.planRecord("reader").output, 0);
    assert.equal(summary.line, "Plan: 1 to add, 0 to change, 0 to destroy.");
    assert.deepEqual(summary.notDeployed, [
      `stack reader (${made.state("reader")}): not deployed yet; planned against empty state`,
      `${SOURCE_READ} (${made.state("source")}): not deployed yet; planned against empty state, its outputs known after apply`,
    ]);
    assert.deepEqual(made.objects(), []);
    assert.ok(made.writes().every((write) => !write.allowed));
  });

  it("plan:stack: a source whose state exists but holds no outputs (an init, never an apply) is planned around the same way", async () => {
    const made = project();
    const init = await made.terraform("source", "deployer-token", ["init"]);
    assert.equal(init.status, 0, init.stderr);
    assert.deepEqual(made.objects(), ["terraform/source/default.tfstate"]);
    const run = await made.planStack("reader");
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(summarizePlan(made.planRecord("reader").output, 0).notDeployed?.length, 2);
    assert.ok(made.writes().every((write) => !write.allowed));
  });

  it("plan:stack: once both are deployed, the planner's plan reads the real outputs, says nothing of empty state and tries no write", async () => {
    const made = deployedCopy();
    const run = await made.planStack("reader");
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.ok(run.stdout.endsWith("\nreader: No changes.\n"), run.stdout);
    assert.equal(summarizePlan(made.planRecord("reader").output, 0).notDeployed, undefined);
    assert.deepEqual(made.writes(), []);
  });

  it("plan:stack: takes no lock, so it neither waits for nor blocks a deploy that holds one", async () => {
    const made = deployedCopy();
    const holder = { ID: "", Operation: "OperationTypeApply", Info: "", Who: "deploy@runner-7", Version: "1.11.4", Created: "2026-12-01T10:00:00Z", Path: "" };
    storage.put(BUCKET, `${made.prefix}/terraform/reader/default.tflock`, JSON.stringify(holder));
    const run = await made.planStack("reader");
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.ok(run.stdout.endsWith("\nreader: No changes.\n"), run.stdout);
    assert.deepEqual(made.writes(), []);
    assert.ok(made.objects().includes("terraform/reader/default.tflock"), "the deploy's lock is left alone");
  });

  it("plan:stack: a refusal that is not a missing state stays a failure (an unknown identity gets 401, nothing is retried)", async () => {
    const made = project();
    const run = await planStack(made.dir, "source", made.env("expired-token"));
    assert.equal(run.status, 1);
    assert.ok(
      run.stdout.endsWith(
        "\nsource: Plan failed (exit status 1): Error: Failed to get existing workspaces: querying Cloud Storage failed: googleapi: Error 401: Invalid Credentials, authError\n",
      ),
      run.stdout,
    );
    assert.equal(made.planRecord("source").output.includes("plan:stack:"), false);
    assert.equal(existsSync(join(made.dir, "cdktf.out", "stacks", ".plan-stack-source")), false);
  });
});

describe("the first pull request of the project's workload stack, through the gcs backend and the provider simulator", { skip }, () => {
  // Synthesized with backend gcs; the google, kubernetes and docker providers are the simulator (sim/server.ts).
  const dir = tempDir("gcs-stacks-");
  const rc = join(dir, "terraform.rc");
  let storage: StorageStandIn;
  let simulator: Simulator;
  let stackNames: string[];
  let bucket: string;

  before(async () => {
    copyFileSync(join(root, "cdktf.json"), join(dir, "cdktf.json"));
    mkdirSync(join(dir, "model-server"));
    writeFileSync(join(dir, "model-server", "Dockerfile"), "FROM python:3.11-slim\n");
    // A pull request's checkout: plan:stack plans the workload with its commit.
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "the first pull request");
    const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CDKTF_BACKEND: "gcs" },
      encoding: "utf8",
    });
    assert.equal(synth.status, 0, synth.stderr);
    stackNames = Object.keys(JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")).stacks);
    const jsons = new Map<string, StackJson>(
      stackNames.map((name) => [name, JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"))]),
    );
    bucket = (jsons.get(stackNames[0]) as any).terraform.backend.gcs.bucket;
    storage = await startStorageStandIn({ "planner-token": { email: PLANNER, role: "viewer" } }, [bucket]);
    simulator = await startSimulator(schemasForStacks(root, jsons));
    // Terraform may install no provider: the simulated ones are attached, any other would come from this empty mirror.
    mkdirSync(join(dir, "no-provider-downloads"));
    writeFileSync(
      rc,
      `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(dir, "no-provider-downloads"))}\n  }\n}\n`,
    );
  });
  after(async () => {
    await storage?.close();
    await simulator?.close();
  });

  // The workload stack reads the cluster and registry stacks: the one stack with every case of a first plan.
  it("plans for the read-only planner, says that it and the two stacks it reads are not deployed yet, and nothing is written", async () => {
    const stack = WORKLOAD_STACK;
    const env = { ...storageEnv(storage, "planner-token", dir, rc), CDKTF_BACKEND: "gcs", TF_REATTACH_PROVIDERS: simulator.reattach };
    const run = await planStack(dir, stack, env);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    const summary = summarizePlan(readFileSync(join(dir, "plans", `${stack}.txt`), "utf8"), 0);
    assert.equal(summary.outcome, "changes", summary.line);
    assert.ok(summary.counts!.add > 0 && summary.counts!.change === 0 && summary.counts!.destroy === 0, summary.line);
    const json = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
    const sources = Object.keys(json.data?.terraform_remote_state ?? {}).sort();
    assert.ok(sources.length >= 2, `the workload stack reads other stacks: ${sources}`);
    assert.deepEqual(summary.notDeployed, [
      `stack ${stack} (gs://${bucket}/terraform/${stack}/default.tfstate): not deployed yet; planned against empty state`,
      ...sources.map(
        (name) =>
          `data.terraform_remote_state.${name} (gs://${json.data.terraform_remote_state[name].config.bucket}/${json.data.terraform_remote_state[name].config.prefix}/default.tfstate): not deployed yet; planned against empty state, its outputs known after apply`,
      ),
    ]);
    assert.equal(storage.objects.size, 0);
    assert.ok(storage.writes.length > 0 && storage.writes.every((write) => !write.allowed && write.object.endsWith(".tflock")));
  });
});

describe("plan:stack's planning copy of a stack directory", { skip }, () => {
  it("sits beside the stack, without the stack's backend settings, and reuses the providers the stack's init installed", async () => {
    // A provider from a filesystem mirror: init installs it, the copy's init must find it installed, not fetch it again.
    const dir = tempDir("plan-copy-");
    const binary = join(
      dir,
      "mirror",
      "registry.terraform.io",
      "hashicorp",
      "null",
      "1.0.0",
      `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`,
    );
    mkdirSync(binary, { recursive: true });
    writeFileSync(join(binary, "terraform-provider-null_v1.0.0"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const rc = join(dir, "terraform.rc");
    writeFileSync(rc, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(dir, "mirror"))}\n  }\n}\n`);
    const stack = join(dir, "cdktf.out", "stacks", "source");
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, "cdk.tf.json"), JSON.stringify({ terraform: { required_providers: { null: { source: "hashicorp/null", version: "1.0.0" } } } }));
    const env = { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: rc };
    const init = await runChild("terraform", ["init", "-input=false", "-no-color"], { cwd: stack, env });
    assert.equal(init.status, 0, init.stderr);

    const copy = copyStack(stack);
    assert.equal(copy, join(dir, "cdktf.out", "stacks", ".plan-stack-source"));
    assert.deepEqual(readdirSync(join(copy, ".terraform")), ["providers"], "no .terraform/terraform.tfstate: the copy's init configures its own backend");
    const again = await runChild("terraform", ["init", "-input=false", "-no-color"], { cwd: copy, env });
    assert.equal(again.status, 0, again.stderr);
    assert.ok(again.stdout.includes("- Using previously-installed hashicorp/null v1.0.0"), again.stdout);
  });
});
