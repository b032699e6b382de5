// `npm run bootstrap` end to end, offline: real Terraform 1.11.4 against the
// provider simulator, every stack's state in the Cloud Storage stand-in
// through Terraform's real gcs backend, and stand-ins for gcloud, gh and
// GitLab's API (bootstrap/stand-ins.ts). What a user relies on: one command
// sets up the project; state is in the bucket from the first apply; a rerun
// changes nothing; a run interrupted anywhere resumes.
// Skipped only where no terraform >= 1.7 is on PATH; .ci/run requires one.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "fs";
import { join } from "path";
import { Rehearsal, WORKSPACES_BUCKET } from "../../bootstrap/offline";
import { setUp, SetupOptions, SetupResult } from "../../bootstrap/setup";
import { StepError } from "../../bootstrap/steps";
import { findTerraform } from "../../sim/offline";
import { runChild } from "../child";
import { root } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;

const PROJECT = "acme-ml-prod";
const BUCKET = `${PROJECT}-tfstate`;
const PLATFORM_STACKS = ["identity", "cluster", "registry", "access"];

/** Every secret a rehearsal's HCP Terraform stand-in holds: the person's token and each team token it ever made. */
function hcpSecrets(rehearsal: Rehearsal, made: string[] = []): string[] {
  const standIn = rehearsal.terraformCloud!.standIn;
  made.push(...standIn.teams.flatMap((team) => team.tokens.map((token) => token.token)));
  return [standIn.token, ...new Set(made)];
}

/** The setup's options for a rehearsal, with the user's environment reduced to what a shell has. */
function options(rehearsal: Rehearsal, platform: Parameters<typeof Rehearsal.open>[0], lines: string[], setCi = true, settings: Record<string, string> = {}): SetupOptions {
  return rehearsal.options(root, { projectId: PROJECT, setCi, env: { PATH: process.env.PATH, HOME: rehearsal.dir, ...settings }, log: (line) => lines.push(line) }, platform);
}

/** The state objects in the bucket, by stack, with their generations. */
function states(rehearsal: Rehearsal): Map<string, number> {
  return new Map(
    [...rehearsal.storage.objects]
      .filter(([key]) => key.startsWith(`${BUCKET}/`))
      .map(([key, object]) => [key.slice(BUCKET.length + 1), object.generation]),
  );
}

/** Every state file under `dir` (.terraform/terraform.tfstate is the backend's settings, not state): local state, which the setup never writes. */
function localStates(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => file.includes(".tfstate") && !file.includes(".terraform/"));
}

const changed = (result: SetupResult) => result.reports.filter((report) => report.changed).map((report) => report.name);

describe("npm run bootstrap -- --offline, as a user runs it", { skip }, () => {
  it("sets up a GitHub project in one command, then shows that a second run changes nothing", async () => {
    const rootStates = () => readdirSync(root).filter((file) => file.includes(".tfstate"));
    const before = rootStates();
    const run = await runChild(process.execPath, [join(root, "bin", "app.js"), "bootstrap/bootstrap", "--project", PROJECT, "--github", "acme/mlops", "--set-ci", "--offline"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const [first, second] = run.stdout.split("Second run (what a rerun does):\n");
    const steps = ["Google APIs of project", "state bucket gs://", "the bucket in the identity stack's state", ...PLATFORM_STACKS.map((stack) => `stack ${stack} `), "GitHub CI variables", "GitHub environment production", 'GitHub ruleset: "Required checks" required on the default branch'];
    for (const step of steps) {
      assert.match(first, new RegExp(`^done {6}${escape(step)}`, "m"), `the first run makes: ${step}`);
      assert.match(second, new RegExp(`^in place  ${escape(step)}`, "m"), `the second run finds: ${step}`);
    }
    assert.match(first, /^done {6}stack identity \(state gs:\/\/acme-ml-prod-tfstate\/terraform\/identity\): Apply complete! Resources: \d+ added, 1 changed, 0 destroyed\.$/m);
    assert.ok(second.includes("\nNothing to do: all 10 steps were already in place; nothing was changed.\n"), second);
    assert.ok(second.includes("\n  GCP_SERVICE_ACCOUNT=mlem-service-account@acme-ml-prod.iam.gserviceaccount.com\n"), second);
    assert.ok(second.includes("\n  export GCP_PROJECT_ID=acme-ml-prod CDKTF_BACKEND=gcs CI_GITHUB_REPOSITORY=acme/mlops CI_GITHUB_REPOSITORY_ID=123456789 CI_GITHUB_OWNER_ID=987654\n"), second);
    assert.deepEqual(rootStates(), before, "the rehearsal keeps its state in the stand-in, none in the project");
  });
});

describe("npm run bootstrap -- --terraform-cloud --offline, as a user runs it", { skip }, () => {
  it("sets up a GitHub project with its state in Terraform Cloud's workspaces in one command; a second run changes nothing; no token is shown", async () => {
    const run = await runChild(process.execPath, [join(root, "bin", "app.js"), "bootstrap/bootstrap", "--project", PROJECT, "--github", "acme/mlops", "--terraform-cloud", "acme", "--set-ci", "--offline"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^Terraform Cloud: the workspaces, teams and tokens are made in a stand-in of HCP Terraform's API; the applies keep each workspace's state in the Cloud Storage stand-in instead/m);
    const [first, second] = run.stdout.split("Second run (what a rerun does):\n");
    const steps = [
      "Google APIs of project",
      "Terraform Cloud workspaces of acme, state sharing, CI teams",
      ...PLATFORM_STACKS.map((stack) => `stack ${stack} (state in Terraform Cloud workspace mlops-${stack})`),
      "Terraform Cloud: identity, registry, cluster run remotely with dynamic credentials",
      "GitHub CI variables",
      "GitHub environment production",
      "GitHub secrets TF_PLAN_API_TOKEN (every pipeline), TF_API_TOKEN (deploy only)",
    ];
    for (const step of steps) {
      assert.match(first, new RegExp(`^done {6}${escape(step)}`, "m"), `the first run makes: ${step}`);
      assert.match(second, new RegExp(`^in place  ${escape(step)}`, "m"), `the second run finds: ${step}`);
    }
    assert.equal(/state bucket|the bucket in the identity stack's state/.test(run.stdout), false, "no bucket steps with Terraform Cloud");
    assert.match(second, /^in place  stack cluster \(state in Terraform Cloud workspace mlops-cluster\): runs in Terraform Cloud now \(remote execution\): its runs there plan and apply it$/m);
    assert.match(second, /^in place  stack access \(state in Terraform Cloud workspace mlops-access\): no changes$/m);
    assert.ok(second.includes("\nNothing to do: all 11 steps were already in place; nothing was changed.\n"), second);
    assert.ok(second.includes("\n  export GCP_PROJECT_ID=acme-ml-prod CDKTF_BACKEND=cloud TFC_ORGANIZATION=acme CI_GITHUB_REPOSITORY=acme/mlops"), second);
    // The stand-in's tokens: the person's, and the teams' (bootstrap/terraform-cloud-stand-in.ts makes them `team-token-<n>`).
    assert.equal(/stand-in-user-token|team-token-\d/.test(run.stdout + run.stderr), false, run.stdout + run.stderr);
  });
});

describe("the bootstrap's setup with Terraform Cloud, step by step, against the stand-ins", { skip, concurrency: true }, () => {
  it("GitHub: workspaces local until every platform stack is applied, then remote with dynamic credentials; an apply failure and a lost secret resume; tokens only in the secrets", async () => {
    const platform = { kind: "github", repository: "acme/mlops" } as const;
    const rehearsal = await Rehearsal.open(platform, [{ address: "google_container_cluster.cluster", when: "before-change" }], "acme");
    after(() => rehearsal.close());
    const hcp = rehearsal.terraformCloud!.standIn;
    const github = rehearsal.platforms.github;
    const lines: string[] = [];
    const modes = () => Object.fromEntries([...hcp.workspaces].map(([name, workspace]) => [name, workspace.attributes["execution-mode"]]));

    const interrupted = await setUp(options(rehearsal, platform, lines)).then(
      () => assert.fail("the cluster's apply failed, so the setup must stop"),
      (error: unknown) => error as StepError,
    );
    assert.equal(interrupted.step, "stack cluster (state in Terraform Cloud workspace mlops-cluster)");
    // The workspaces exist before the first apply, every one local: no credentials are in them before identity exists.
    assert.deepEqual(modes(), { "mlops-access": "local", "mlops-cluster": "local", "mlops-identity": "local", "mlops-registry": "local", "mlops-workload": "local" });
    assert.equal(hcp.variables.length, 0, "no credential variable before identity exists");
    assert.ok(rehearsal.storage.objects.has(`${WORKSPACES_BUCKET}/terraform/identity/default.tfstate`), "identity's state went to its workspace's place on its first apply");
    assert.equal(rehearsal.storage.objects.has(`${BUCKET}/terraform/identity/default.tfstate`), false);
    assert.deepEqual(localStates(join(rehearsal.dir, "project")), []);
    assert.deepEqual(hcp.teams.flatMap((team) => team.tokens), [], "no token is made before it can be stored");

    rehearsal.simulator!.failApply([]);
    const resumed = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(changed(resumed).map((name) => name.split(" (")[0]), [
      "stack cluster",
      "stack registry",
      "stack access",
      "Terraform Cloud: identity, registry, cluster run remotely with dynamic credentials",
      "GitHub CI variables",
      "GitHub environment production, deployable from main alone",
      'GitHub ruleset: "Required checks" required on the default branch',
      "GitHub secrets TF_PLAN_API_TOKEN",
    ]);
    assert.deepEqual(modes(), { "mlops-access": "local", "mlops-cluster": "remote", "mlops-identity": "remote", "mlops-registry": "remote", "mlops-workload": "local" });
    const identity = hcp.workspaces.get("mlops-identity")!.id;
    const credentials = Object.fromEntries(hcp.variables.filter((variable) => variable.workspace === identity).map((variable) => [variable.attributes.key, variable.attributes.value]));
    assert.equal(credentials.TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL, "mlops-planner@acme-ml-prod.iam.gserviceaccount.com");
    assert.match(String(credentials.TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL), /@acme-ml-prod\.iam\.gserviceaccount\.com$/);
    assert.match(String(credentials.TFC_GCP_WORKLOAD_PROVIDER_NAME), /^projects\/\d+\/locations\/global\/workloadIdentityPools\//);
    const tokenOf = (team: string) => hcp.teams.find((found) => found.name === team)!.tokens.map((token) => token.token);
    // The plan token for every workflow, the apply token for the production environment alone.
    assert.deepEqual([...github.secrets], [["TF_PLAN_API_TOKEN", tokenOf("mlops-planners")[0]]]);
    assert.deepEqual([...github.environmentSecrets.get("production")!], [["TF_API_TOKEN", tokenOf("mlops-deployers")[0]]]);
    assert.equal(resumed.variables.CDKTF_BACKEND, "cloud");
    assert.equal(resumed.variables.TFC_ORGANIZATION, "acme");
    assert.equal(Object.values(resumed.variables).some((value) => hcpSecrets(rehearsal).includes(value)), false, "no token among the plain variables");

    // The apply token's secret is lost: both tokens are made anew and stored, the old ones revoked.
    const made: string[] = [];
    const old = hcpSecrets(rehearsal, made);
    github.environmentSecrets.get("production")!.clear();
    const again = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(changed(again).map((name) => name.split(" (")[0]), ["GitHub secrets TF_PLAN_API_TOKEN"]);
    assert.deepEqual(github.environmentSecrets.get("production")!.get("TF_API_TOKEN"), tokenOf("mlops-deployers")[0]);
    assert.equal(github.secrets.get("TF_PLAN_API_TOKEN"), tokenOf("mlops-planners")[0]);
    assert.equal(old.some((token) => tokenOf("mlops-planners").includes(token) || tokenOf("mlops-deployers").includes(token)), false, "the old tokens are revoked");
    assert.deepEqual(hcp.teams.map((team) => team.tokens.length), [1, 1]);

    // Once everything exists, a run writes nothing anywhere.
    const hcpChanges = hcp.changeRequests.length;
    const writes = rehearsal.platforms.writes.length;
    const stateObjects = [...rehearsal.storage.objects].map(([key, object]) => `${key}@${object.generation}`);
    const last = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(changed(last), []);
    assert.equal(hcp.changeRequests.length, hcpChanges);
    assert.equal(rehearsal.platforms.writes.length, writes);
    assert.deepEqual([...rehearsal.storage.objects].map(([key, object]) => `${key}@${object.generation}`), stateObjects);
    const secrets = hcpSecrets(rehearsal, made);
    assert.equal(lines.some((line) => secrets.some((secret) => line.includes(secret))), false, "no token in any line the setup logged");
    assert.deepEqual(rehearsal.platforms.writes.filter((write) => secrets.some((secret) => write.includes(secret))), []);
  });

  it("GitLab: the plan token masked for every pipeline, the apply token masked and protected; a variable set by hand without those flags is set again", async () => {
    const platform = { kind: "gitlab", project: "acme/ml/mlops", url: "https://gitlab.com" } as const;
    const rehearsal = await Rehearsal.open(platform, [], "acme");
    after(() => rehearsal.close());
    const gitlab = rehearsal.platforms.gitlab;
    await setUp(options(rehearsal, platform, []));
    assert.deepEqual(gitlab.flags.get("TF_PLAN_API_TOKEN"), { masked: true, protected: false });
    assert.deepEqual(gitlab.flags.get("TF_API_TOKEN"), { masked: true, protected: true });
    const tokens = rehearsal.terraformCloud!.standIn.teams.map((team) => [team.name, team.tokens[0].token]);
    assert.deepEqual(tokens.map(([team, token]) => [team, gitlab.variables.get(team.endsWith("planners") ? "TF_PLAN_API_TOKEN" : "TF_API_TOKEN") === token]), [["mlops-planners", true], ["mlops-deployers", true]]);

    // Someone unprotected the apply token: every pipeline could read it, so it is replaced and protected again.
    gitlab.flags.set("TF_API_TOKEN", { masked: true, protected: false });
    const again = await setUp(options(rehearsal, platform, []));
    assert.deepEqual(changed(again).map((name) => name.split(" (")[0]), ["GitLab secrets TF_PLAN_API_TOKEN"]);
    assert.deepEqual(gitlab.flags.get("TF_API_TOKEN"), { masked: true, protected: true });
  });
});

describe("the bootstrap's setup, step by step, against the stand-ins", { skip, concurrency: true }, () => {
  it("GitHub: state in the bucket from the first apply; an apply failure and an outage stop it, and each rerun resumes where it stopped", async () => {
    const platform = { kind: "github", repository: "acme/mlops" } as const;
    // The first run's cluster apply fails as the API would refuse it.
    const rehearsal = await Rehearsal.open(platform, [{ address: "google_container_cluster.cluster", when: "before-change" }]);
    after(() => rehearsal.close());
    const lines: string[] = [];

    const interrupted = await setUp(options(rehearsal, platform, lines)).then(
      () => assert.fail("the cluster's apply failed, so the setup must stop"),
      (error: unknown) => error as StepError,
    );
    assert.ok(interrupted instanceof StepError, String(interrupted));
    assert.equal(interrupted.step, `stack cluster (state gs://${BUCKET}/terraform/cluster)`);
    assert.deepEqual(interrupted.reports.map((report) => report.changed), [true, true, true, true]);
    // identity's state went to the bucket on its first apply: no local state, no migration.
    assert.ok(states(rehearsal).has("terraform/identity/default.tfstate"), [...states(rehearsal).keys()].join(", "));
    assert.equal(states(rehearsal).has("terraform/registry/default.tfstate"), false, "nothing after the failed step ran");
    assert.deepEqual(localStates(join(rehearsal.dir, "project")), []);
    const identityState = JSON.parse(rehearsal.storage.objects.get(`${BUCKET}/terraform/identity/default.tfstate`)!.data.toString("utf8"));
    const bucket = identityState.resources.find((resource: any) => resource.type === "google_storage_bucket");
    assert.equal(bucket.instances[0].attributes.name, BUCKET, "identity adopted the bucket gcloud made");

    // The API answers again; GitHub fails the next write once: the run stops between the applies and the variables.
    rehearsal.simulator!.failApply([]);
    rehearsal.platforms.failWrites = 1;
    const afterOutage = await setUp(options(rehearsal, platform, lines)).then(
      () => assert.fail("GitHub refused the variable, so the setup must stop"),
      (error: unknown) => error as StepError,
    );
    assert.equal(afterOutage.step, "GitHub CI variables");
    assert.deepEqual(
      afterOutage.reports.map((report) => [report.name.split(" (")[0], report.changed]),
      [["Google APIs of project acme-ml-prod", false], [`state bucket gs://${BUCKET}`, false], ["the bucket in the identity stack's state", false], ["stack identity", false], ["stack cluster", true], ["stack registry", true], ["stack access", true]],
    );
    assert.deepEqual([...rehearsal.platforms.github.variables.keys()], []);

    const resumed = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(changed(resumed), ["GitHub CI variables", "GitHub environment production, deployable from main alone", 'GitHub ruleset: "Required checks" required on the default branch']);
    assert.deepEqual(rehearsal.platforms.github.rulesets.map((ruleset) => [ruleset.name, ruleset.enforcement, JSON.stringify(ruleset.rules)]), [
      ["Required checks", "active", JSON.stringify([{ type: "required_status_checks", parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: "Required checks" }] } }])],
    ]);
    assert.deepEqual(Object.fromEntries(rehearsal.platforms.github.variables), resumed.variables);
    assert.deepEqual(rehearsal.platforms.github.environments.get("production"), { custom: true, branches: ["main"] });
    assert.equal(resumed.variables.GCP_PLANNER_SERVICE_ACCOUNT, "mlops-planner@acme-ml-prod.iam.gserviceaccount.com");
    assert.deepEqual(
      [...states(rehearsal).keys()].sort(),
      PLATFORM_STACKS.map((stack) => `terraform/${stack}/default.tfstate`).sort(),
    );

    // Once everything exists, a run writes nothing anywhere.
    const before = states(rehearsal);
    const writes = rehearsal.platforms.writes.length;
    const changes = rehearsal.google.changes.length;
    const again = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(changed(again), []);
    assert.deepEqual(states(rehearsal), before, "no state was rewritten");
    assert.equal(rehearsal.platforms.writes.length, writes);
    assert.equal(rehearsal.google.changes.length, changes);
    assert.deepEqual(rehearsal.google.changes, [
      "services enable artifactregistry.googleapis.com cloudresourcemanager.googleapis.com compute.googleapis.com container.googleapis.com iam.googleapis.com iamcredentials.googleapis.com serviceusage.googleapis.com storage.googleapis.com sts.googleapis.com --project=acme-ml-prod",
      `storage buckets create gs://${BUCKET} --project=acme-ml-prod`,
    ]);
  });

  it("GitLab: variables printed, then set from the GitLab outputs; the environment, the merge check, and the deploy queue's newest_ready_first before and after GitLab makes the group", async () => {
    const platform = { kind: "gitlab", project: "acme/ml/mlops", url: "https://gitlab.com" } as const;
    const rehearsal = await Rehearsal.open(platform);
    after(() => rehearsal.close());
    const lines: string[] = [];
    // Without --set-ci the variables are only printed: nothing is written to GitLab.
    const printed = await setUp(options(rehearsal, platform, lines, false));
    assert.deepEqual(rehearsal.platforms.writes, []);
    assert.equal(printed.reports.some((report) => report.name.startsWith("GitLab")), false);
    const first = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(first.variables, printed.variables);
    assert.equal(first.reports.some((report) => report.changed && report.name.startsWith("stack ")), false, "the stacks were applied by the run before");
    const gitlab = rehearsal.platforms.gitlab;
    assert.deepEqual(Object.fromEntries(gitlab.variables), first.variables);
    assert.deepEqual(Object.keys(first.variables).sort(), [
      "CDKTF_BACKEND",
      "CI_GITLAB_PROJECT",
      "CI_GITLAB_PROJECT_ID",
      "GCP_PLANNER_SERVICE_ACCOUNT",
      "GCP_PROJECT_ID",
      "GCP_SERVICE_ACCOUNT",
      "GCP_WORKLOAD_IDENTITY_AUDIENCE",
      "GCP_WORKLOAD_IDENTITY_PROVIDER",
    ]);
    assert.equal(first.variables.GCP_WORKLOAD_IDENTITY_AUDIENCE, `https://iam.googleapis.com/${first.variables.GCP_WORKLOAD_IDENTITY_PROVIDER}`);
    assert.ok(gitlab.environments.has("production"));
    assert.ok(changed(first).includes("GitLab resource group deploy-workload: newest_ready_first"));
    assert.equal(gitlab.defaultProcessMode, "newest_ready_first", "set on the project before any pipeline made the group");
    assert.equal(gitlab.pipelinesMustSucceed, true);
    assert.ok(changed(first).includes("GitLab merge check: pipelines must succeed"));
    assert.equal(changed(first).includes("GitLab protected branch main (only its pipelines deploy)"), false, "GitLab protects a new project's default branch");

    rehearsal.platforms.runFirstDeployPipeline("deploy-workload");
    assert.equal(gitlab.resourceGroups.get("deploy-workload"), "newest_ready_first");
    // Someone switched the group back by hand: the next run sets it again, and nothing else.
    gitlab.resourceGroups.set("deploy-workload", "unordered");
    const second = await setUp(options(rehearsal, platform, lines));
    assert.deepEqual(changed(second), ["GitLab resource group deploy-workload: newest_ready_first"]);
    assert.equal(gitlab.resourceGroups.get("deploy-workload"), "newest_ready_first");
  });

  it("refuses a state bucket name that another project holds, naming TF_STATE_BUCKET, before any terraform runs", async () => {
    const platform = { kind: "github", repository: "acme/mlops" } as const;
    const rehearsal = await Rehearsal.open(platform);
    after(() => rehearsal.close());
    rehearsal.google.buckets.set(BUCKET, { project: "someone-else", name: BUCKET, location: "US" });
    const error = await setUp(options(rehearsal, platform, [])).then(
      () => assert.fail("expected a refusal"),
      (caught: unknown) => caught as StepError,
    );
    assert.equal(error.message, `state bucket gs://${BUCKET}: gs://${BUCKET} exists outside project ${PROJECT} (bucket names are global): choose another name with TF_STATE_BUCKET`);
    assert.deepEqual(states(rehearsal), new Map());
    assert.equal(rehearsal.google.changes.some((change) => change.startsWith("storage buckets create")), false);
  });
});

describe("the bootstrap with environments staging and production, against the stand-ins", { skip, concurrency: true }, () => {
  const twoEnvironments = { MODEL_ENVIRONMENTS: "staging,production" };
  const staging = `mlem-service-account-staging@${PROJECT}.iam.gserviceaccount.com`;
  const production = `mlem-service-account@${PROJECT}.iam.gserviceaccount.com`;

  it("GitHub: both environments deployable from the default branch alone, each with its own deployer as GCP_SERVICE_ACCOUNT; a second run changes nothing", async () => {
    const platform = { kind: "github", repository: "acme/mlops" } as const;
    const rehearsal = await Rehearsal.open(platform);
    after(() => rehearsal.close());
    const lines: string[] = [];
    const first = await setUp(options(rehearsal, platform, lines, true, twoEnvironments));
    const github = rehearsal.platforms.github;
    assert.deepEqual(github.environments.get("staging"), { custom: true, branches: ["main"] });
    assert.deepEqual(github.environments.get("production"), { custom: true, branches: ["main"] });
    // An environment's variable shadows the repository's in its jobs: each deploy job signs in as its own deployer.
    assert.equal(github.environmentVariables.get("staging")?.get("GCP_SERVICE_ACCOUNT"), staging);
    assert.equal(github.environmentVariables.get("production")?.get("GCP_SERVICE_ACCOUNT"), production);
    // The repository's stays production's, so the settings job, which runs in no environment, sees sign-in configured.
    assert.equal(github.variables.get("GCP_SERVICE_ACCOUNT"), production);
    assert.deepEqual(first.environmentVariables, { staging: { GCP_SERVICE_ACCOUNT: staging }, production: { GCP_SERVICE_ACCOUNT: production } });

    // Staging's set by hand to production's deployer: put back, and nothing else.
    github.environmentVariables.get("staging")!.set("GCP_SERVICE_ACCOUNT", production);
    const second = await setUp(options(rehearsal, platform, lines, true, twoEnvironments));
    assert.deepEqual(changed(second), ["GitHub variable GCP_SERVICE_ACCOUNT of environment staging"]);
    assert.equal(github.environmentVariables.get("staging")?.get("GCP_SERVICE_ACCOUNT"), staging);

    const writes = rehearsal.platforms.writes.length;
    const again = await setUp(options(rehearsal, platform, lines, true, twoEnvironments));
    assert.deepEqual(changed(again), []);
    assert.equal(rehearsal.platforms.writes.length, writes);
  });

  it("GitLab: both environments, GCP_SERVICE_ACCOUNT scoped to each with its own deployer beside the project's; printed without --set-ci; a second run changes nothing", async () => {
    const platform = { kind: "gitlab", project: "acme/ml/mlops", url: "https://gitlab.com" } as const;
    const rehearsal = await Rehearsal.open(platform);
    after(() => rehearsal.close());
    const lines: string[] = [];
    const printed = await setUp(options(rehearsal, platform, lines, false, twoEnvironments));
    assert.deepEqual(rehearsal.platforms.writes, []);
    assert.deepEqual(printed.environmentVariables, { staging: { GCP_SERVICE_ACCOUNT: staging }, production: { GCP_SERVICE_ACCOUNT: production } });
    // Someone set the project's variable by hand first: with scoped ones beside it, an update must name its scope.
    const gitlab = rehearsal.platforms.gitlab;
    gitlab.variables.set("GCP_SERVICE_ACCOUNT", staging);
    gitlab.scopedVariables.set("staging", new Map([["GCP_SERVICE_ACCOUNT", production]]));
    await setUp(options(rehearsal, platform, lines, true, twoEnvironments));
    assert.ok(gitlab.environments.has("staging") && gitlab.environments.has("production"));
    assert.equal(gitlab.scopedVariables.get("staging")?.get("GCP_SERVICE_ACCOUNT"), staging);
    assert.equal(gitlab.scopedVariables.get("production")?.get("GCP_SERVICE_ACCOUNT"), production);
    assert.equal(gitlab.variables.get("GCP_SERVICE_ACCOUNT"), production);

    const writes = rehearsal.platforms.writes.length;
    const again = await setUp(options(rehearsal, platform, lines, true, twoEnvironments));
    assert.deepEqual(changed(again), []);
    assert.equal(rehearsal.platforms.writes.length, writes);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
