// The bootstrap's parts that a user meets when something is wrong: its
// arguments, the steps' resume rule, and what gcloud, gh and GitLab's API
// are asked and how their refusals read. The whole setup runs in
// __tests__/terraform/bootstrap.test.ts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { createServer } from "http";
import { AddressInfo } from "net";
import { Exec, ExecResult, execWith, GitHub, GitLab } from "../bootstrap/ci";
import { closingNotes, parseArguments, terraformCloudToken, UsageError } from "../bootstrap/command";
import { Gcloud } from "../bootstrap/google";
import { setUp, SetupResult } from "../bootstrap/setup";
import { PlatformStandIn, writeGhStandIn } from "../bootstrap/stand-ins";
import { runSteps, Step, StepError, summary } from "../bootstrap/steps";
import { ConfigError } from "../lib/config";
import { root, tempDir } from "./support";

/** An Exec that answers each call from `answer` and records it as "command args...". */
function fakeExec(answer: (line: string) => Partial<ExecResult>): { exec: Exec; calls: string[]; inputs: string[] } {
  const calls: string[] = [];
  const inputs: string[] = [];
  const exec: Exec = async (command, args, input) => {
    const line = [command, ...args].join(" ");
    calls.push(line);
    inputs.push(input ?? "");
    return { code: 0, stdout: "", stderr: "", ...answer(line) };
  };
  return { exec, calls, inputs };
}

function usageError(argv: string[]): string {
  try {
    parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message.split("\n")[0];
    throw error;
  }
  assert.fail(`expected a UsageError for ${argv.join(" ")}`);
}

describe("bootstrap's arguments", () => {
  it("takes the project and one CI repository; --set-ci and --offline are flags", () => {
    assert.deepEqual(parseArguments(["--project", "acme-ml", "--github", "acme/mlops"]), {
      projectId: "acme-ml",
      platform: { kind: "github", repository: "acme/mlops" },
      setCi: false,
      offline: false,
    });
    assert.deepEqual(parseArguments(["--gitlab", "acme/ml/mlops", "--gitlab-url", "https://git.acme.dev", "--project", "acme-ml", "--set-ci", "--offline"]), {
      projectId: "acme-ml",
      platform: { kind: "gitlab", project: "acme/ml/mlops", url: "https://git.acme.dev" },
      setCi: true,
      offline: true,
    });
    assert.deepEqual(parseArguments(["--project", "acme-ml", "--gitlab", "acme/mlops"]).platform, { kind: "gitlab", project: "acme/mlops", url: "https://gitlab.com" });
  });

  it("refuses what it cannot use, naming the flag, the value and the expected form", () => {
    const cases: Array<[string[], string]> = [
      [["--github", "acme/mlops"], "--project is missing: the Google Cloud project to set up"],
      [["--project", "acme-ml"], "expected exactly one of --github <owner/name> and --gitlab <group/project>: the repository whose CI deploys"],
      [["--project", "acme-ml", "--github", "a/b", "--gitlab", "c/d"], "expected exactly one of --github <owner/name> and --gitlab <group/project>: the repository whose CI deploys"],
      [["--project", "acme-ml", "--github"], "--github needs a value"],
      [["--project", "--github", "a/b"], "--project needs a value"],
      [["--project", "acme-ml", "--github", "a/b", "--yes"], 'unknown argument "--yes"'],
      [["--project", "acme-ml", "--github", "acme"], '--github is "acme": expected owner/name'],
      [["--project", "acme-ml", "--gitlab", "acme"], '--gitlab is "acme": expected group/project'],
      [["--project", "acme-ml", "--github", "a/b", "--gitlab-url", "https://git.acme.dev"], "--gitlab-url goes with --gitlab"],
      [["--project", "acme-ml", "--gitlab", "a/b", "--gitlab-url", "http://git.acme.dev/"], '--gitlab-url is "http://git.acme.dev/": expected an https URL without a trailing slash, such as https://gitlab.com'],
      [["--project", "acme-ml", "--github", "a/b", "--terraform-cloud", "ac"], '--terraform-cloud is "ac": expected a Terraform Cloud organization name, 3-40 letters, digits, hyphens or underscores'],
      [["--project", "acme-ml", "--github", "a/b", "--terraform-cloud", "acme/x"], '--terraform-cloud is "acme/x": expected a Terraform Cloud organization name, 3-40 letters, digits, hyphens or underscores'],
      [["--project", "acme-ml", "--github", "a/b", "--terraform-cloud"], "--terraform-cloud needs a value"],
    ];
    for (const [argv, message] of cases) assert.equal(usageError(argv), message, argv.join(" "));
  });

  it("--terraform-cloud names the organization whose workspaces keep the state", () => {
    assert.equal(parseArguments(["--project", "acme-ml", "--github", "a/b", "--terraform-cloud", "acme_ml-1"]).terraformCloud, "acme_ml-1");
    assert.equal("terraformCloud" in parseArguments(["--project", "acme-ml", "--github", "a/b"]), false);
  });

  it("with Terraform Cloud, says where the two token secrets go and that --set-ci alone makes them, never their values", () => {
    const result = { reports: [], variables: { CDKTF_BACKEND: "cloud" }, settings: { CDKTF_BACKEND: "cloud" } } as unknown as SetupResult;
    const notes = (argv: string[]) => closingNotes(result, parseArguments(["--project", "acme-ml", ...argv, "--terraform-cloud", "acme"]))[2];
    assert.equal(notes(["--github", "a/b", "--set-ci"]), "CI secrets TF_PLAN_API_TOKEN (a repository secret) and TF_API_TOKEN (a secret of the production environment): the Terraform Cloud team tokens, stored; never shown");
    assert.equal(notes(["--gitlab", "a/b"]), "CI secrets TF_PLAN_API_TOKEN (masked, not protected) and TF_API_TOKEN (masked, protected): not made; --set-ci makes the Terraform Cloud team tokens and stores them, never showing them");
  });

  it("prints the CI variables and the export line for later runs on the machine", () => {
    const result = { reports: [], variables: { GCP_PROJECT_ID: "acme-ml", CDKTF_BACKEND: "gcs" }, settings: { GCP_PROJECT_ID: "acme-ml", CDKTF_BACKEND: "gcs" } } as unknown as SetupResult;
    assert.deepEqual(closingNotes(result, parseArguments(["--project", "acme-ml", "--github", "a/b"])), [
      "CI variables (GitHub: Settings > Secrets and variables > Actions > Variables); --set-ci sets them:",
      "  GCP_PROJECT_ID=acme-ml",
      "  CDKTF_BACKEND=gcs",
      "This machine's later runs (npx cdktf diff|deploy, npm run deploy:workload) need the settings:",
      "  export GCP_PROJECT_ID=acme-ml CDKTF_BACKEND=gcs",
    ]);
    assert.match(closingNotes(result, parseArguments(["--project", "acme-ml", "--gitlab", "a/b", "--set-ci"]))[0], /^CI variables \(GitLab: Settings > CI\/CD > Variables \(neither masked nor protected\)\), set:$/);
  });

  it("with several environments, prints each environment's deployer as the variable its jobs see in place of the repository's", () => {
    const result = {
      reports: [],
      variables: { GCP_SERVICE_ACCOUNT: "mlem-service-account@acme-ml.iam.gserviceaccount.com" },
      environmentVariables: {
        staging: { GCP_SERVICE_ACCOUNT: "mlem-service-account-staging@acme-ml.iam.gserviceaccount.com" },
        production: { GCP_SERVICE_ACCOUNT: "mlem-service-account@acme-ml.iam.gserviceaccount.com" },
      },
      settings: {},
    } as unknown as SetupResult;
    assert.deepEqual(closingNotes(result, parseArguments(["--project", "acme-ml", "--github", "a/b"])).slice(1, 6), [
      "  GCP_SERVICE_ACCOUNT=mlem-service-account@acme-ml.iam.gserviceaccount.com",
      "  in environment staging (Settings > Environments > staging > Environment variables), in place of the above:",
      "    GCP_SERVICE_ACCOUNT=mlem-service-account-staging@acme-ml.iam.gserviceaccount.com",
      "  in environment production (Settings > Environments > production > Environment variables), in place of the above:",
      "    GCP_SERVICE_ACCOUNT=mlem-service-account@acme-ml.iam.gserviceaccount.com",
    ]);
    assert.equal(closingNotes(result, parseArguments(["--project", "acme-ml", "--gitlab", "a/b"]))[2], "  with environment scope staging, in place of the above:");
  });
});

describe("the HCP Terraform token, where Terraform finds it", () => {
  const home = (credentials?: string) => {
    const dir = tempDir("bootstrap-home-");
    if (credentials !== undefined) {
      mkdirSync(join(dir, ".terraform.d"));
      writeFileSync(join(dir, ".terraform.d", "credentials.tfrc.json"), credentials);
    }
    return dir;
  };
  const file = (dir: string) => join(dir, ".terraform.d", "credentials.tfrc.json");

  it("takes TF_TOKEN_app_terraform_io first, then the file `terraform login` writes", () => {
    const written = home(JSON.stringify({ credentials: { "app.terraform.io": { token: "from-file.atlasv1.x" } } }));
    assert.equal(terraformCloudToken({ TF_TOKEN_app_terraform_io: "from-env.atlasv1.x" }, written), "from-env.atlasv1.x");
    assert.equal(terraformCloudToken({}, written), "from-file.atlasv1.x");
    assert.equal(terraformCloudToken({ TF_TOKEN_app_terraform_io: "" }, written), "from-file.atlasv1.x");
  });

  it("refuses a missing file, a file that is not JSON, and one without a token for app.terraform.io, naming the file and what to run", () => {
    const none = home();
    assert.throws(() => terraformCloudToken({}, none), {
      message: `--terraform-cloud needs an HCP Terraform token: TF_TOKEN_app_terraform_io is not set and ${file(none)} cannot be read; run \`terraform login\` or set TF_TOKEN_app_terraform_io`,
    });
    const broken = home("{");
    assert.throws(() => terraformCloudToken({}, broken), { message: `${file(broken)} is not JSON: expected {"credentials": {"app.terraform.io": {"token": "..."}}} as \`terraform login\` writes it` });
    const other = home(JSON.stringify({ credentials: { "tfe.acme.dev": { token: "t" } } }));
    assert.throws(() => terraformCloudToken({}, other), {
      message: `${file(other)} holds no token for app.terraform.io: expected {"credentials": {"app.terraform.io": {"token": "..."}}}; run \`terraform login\``,
    });
  });
});

describe("the steps", () => {
  const step = (name: string, done: boolean, log: string[]): Step => ({
    name,
    check: async () => (done ? "there" : undefined),
    run: async () => {
      log.push(name);
      return "made";
    },
  });

  it("runs only the steps whose check finds something missing, and says when nothing changed", async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const reports = await runSteps([step("a", true, ran), step("b", false, ran), step("c", true, ran)], (line) => lines.push(line));
    assert.deepEqual(ran, ["b"]);
    assert.deepEqual(lines, ["in place  a: there", "done      b: made", "in place  c: there"]);
    assert.equal(summary(reports), "Changed 1 of 3 steps; the others were already in place.");
    assert.equal(summary(reports.filter((report) => !report.changed)), "Nothing to do: all 2 steps were already in place; nothing was changed.");
  });

  it("stops at the first failure, names the step, and runs nothing after it", async () => {
    const ran: string[] = [];
    const failing: Step = { name: "b", check: async () => undefined, run: async () => Promise.reject(new Error("refused")) };
    const error = await runSteps([step("a", false, ran), failing, step("c", false, ran)], () => undefined).catch((caught: unknown) => caught as StepError);
    assert.ok(error instanceof StepError);
    assert.equal(error.message, "b: refused");
    assert.deepEqual(error.reports.map((report) => report.name), ["a"]);
    assert.deepEqual(ran, ["a"]);
  });
});

describe("what the bootstrap asks gcloud", () => {
  it("makes the state bucket with uniform access, public access prevention and versioning, in the region", async () => {
    const { exec, calls } = fakeExec(() => ({}));
    await new Gcloud(exec).createBucket({ project: "acme-ml", name: "acme-ml-tfstate", location: "EUROPE-WEST6" });
    assert.deepEqual(calls, [
      "gcloud storage buckets create gs://acme-ml-tfstate --project=acme-ml --location=EUROPE-WEST6 --default-storage-class=STANDARD --uniform-bucket-level-access --public-access-prevention --quiet",
      "gcloud storage buckets update gs://acme-ml-tfstate --versioning --quiet",
    ]);
  });

  it("tells a missing bucket from one of this project and one elsewhere (bucket names are global)", async () => {
    const answers = (describe: Partial<ExecResult>) =>
      new Gcloud(fakeExec((line) => (line.startsWith("gcloud storage buckets describe") ? describe : { stdout: "111\n" })).exec);
    assert.equal(await answers({ code: 1, stderr: "ERROR: (gcloud.storage.buckets.describe) gs://x not found: 404." }).bucket("acme-ml", "x"), "missing");
    assert.equal(await answers({ code: 1, stderr: "ERROR: HTTPError 403: me does not have storage.buckets.get access" }).bucket("acme-ml", "x"), "elsewhere");
    assert.equal(await answers({ stdout: "111\n" }).bucket("acme-ml", "x"), "in-project");
    assert.equal(await answers({ stdout: "222\n" }).bucket("acme-ml", "x"), "elsewhere");
    await assert.rejects(answers({ code: 1, stderr: "ERROR: You do not currently have an active account selected." }).bucket("acme-ml", "x"), {
      message: "gcloud storage buckets describe gs://x failed (exit 1): ERROR: You do not currently have an active account selected.",
    });
  });

  it("enables only the services asked for, and a refusal names the command", async () => {
    const { exec, calls } = fakeExec((line) => (line.includes("list") ? { stdout: "iam.googleapis.com\nsts.googleapis.com\n" } : { code: 1, stderr: "ERROR: billing is not enabled" }));
    const gcloud = new Gcloud(exec);
    assert.deepEqual([...(await gcloud.enabledServices("acme-ml"))], ["iam.googleapis.com", "sts.googleapis.com"]);
    await assert.rejects(gcloud.enableServices("acme-ml", ["container.googleapis.com"]), {
      message: "gcloud services enable container.googleapis.com --project=acme-ml failed (exit 1): ERROR: billing is not enabled",
    });
    assert.deepEqual(calls.at(-1), "gcloud services enable container.googleapis.com --project=acme-ml --quiet");
  });
});

describe("what the bootstrap asks GitHub (gh) and GitLab", () => {
  it("GitHub: takes the numeric ids keyless sign-in trusts from gh, and says when gh finds no repository", async () => {
    const repo = { id: 42, full_name: "Acme/MLOps", owner: { id: 7 }, default_branch: "trunk" };
    const found = new GitHub("acme/mlops", fakeExec(() => ({ stdout: JSON.stringify(repo) })).exec);
    assert.deepEqual(await found.identify(), {
      settings: { CI_GITHUB_REPOSITORY: "Acme/MLOps", CI_GITHUB_REPOSITORY_ID: "42", CI_GITHUB_OWNER_ID: "7" },
      defaultBranch: "trunk",
    });
    for (const stderr of ["gh: Not Found (HTTP 404)\n", "gh: HTTP 404\n"]) {
      const missing = new GitHub("acme/mlops", fakeExec(() => ({ code: 1, stderr })).exec);
      await assert.rejects(missing.identify(), { message: "--github acme/mlops: gh finds no such repository (HTTP 404); check the name and `gh auth status`" });
    }
    const loggedOut = new GitHub("acme/mlops", fakeExec(() => ({ code: 4, stderr: "To get started with GitHub CLI, please run:  gh auth login\n" })).exec);
    await assert.rejects(loggedOut.identify(), { message: "gh api --method GET repos/acme/mlops failed (exit 4): To get started with GitHub CLI, please run:  gh auth login" });
  });

  it("GitHub: sets a variable with POST when new and PATCH when it exists, its value on standard input", async () => {
    const { exec, calls, inputs } = fakeExec(() => ({}));
    const github = new GitHub("acme/mlops", exec);
    await github.setVariable("CDKTF_BACKEND", "gcs", false);
    await github.setVariable("GCP_PROJECT_ID", "acme-ml", true);
    assert.deepEqual(calls, [
      "gh api --method POST repos/acme/mlops/actions/variables --input -",
      "gh api --method PATCH repos/acme/mlops/actions/variables/GCP_PROJECT_ID --input -",
    ]);
    assert.deepEqual(inputs.map((input) => JSON.parse(input)), [{ name: "CDKTF_BACKEND", value: "gcs" }, { name: "GCP_PROJECT_ID", value: "acme-ml" }]);
  });

  it("GitHub: stores a secret with `gh secret set`, its value on standard input and never in the arguments; the apply token in the production environment", async () => {
    const { exec, calls, inputs } = fakeExec(() => ({}));
    const github = new GitHub("acme/mlops", exec);
    await github.setSecret({ name: "TF_PLAN_API_TOKEN", deployOnly: false }, "plan.atlasv1.secret");
    await github.setSecret({ name: "TF_API_TOKEN", deployOnly: true }, "apply.atlasv1.secret");
    assert.deepEqual(calls, ["gh secret set TF_PLAN_API_TOKEN --repo acme/mlops", "gh secret set TF_API_TOKEN --repo acme/mlops --env production"]);
    assert.deepEqual(inputs, ["plan.atlasv1.secret", "apply.atlasv1.secret"]);
    const refused = new GitHub("acme/mlops", fakeExec(() => ({ code: 1, stderr: "HTTP 404: Not Found" })).exec);
    await assert.rejects(refused.setSecret({ name: "TF_API_TOKEN", deployOnly: true }, "apply.atlasv1.secret"), (error: Error) => {
      assert.equal(error.message, "gh secret set TF_API_TOKEN --repo acme/mlops --env production failed (exit 1): HTTP 404: Not Found");
      return true;
    });
  });

  it("GitHub, with environments staging and production: the apply token in each deploy environment, and missing while one lacks it", async () => {
    const { exec, calls } = fakeExec(() => ({}));
    await new GitHub("acme/mlops", exec).setSecret({ name: "TF_API_TOKEN", deployOnly: true }, "apply.atlasv1.secret", ["staging", "production"]);
    assert.deepEqual(calls, ["gh secret set TF_API_TOKEN --repo acme/mlops --env staging", "gh secret set TF_API_TOKEN --repo acme/mlops --env production"]);
    const onlyProduction = new GitHub("acme/mlops", fakeExec((line) => ({ stdout: JSON.stringify({ secrets: line.includes("environments/production") ? [{ name: "TF_API_TOKEN" }] : [] }) })).exec);
    assert.equal(await onlyProduction.hasSecret({ name: "TF_API_TOKEN", deployOnly: true }), true);
    assert.equal(await onlyProduction.hasSecret({ name: "TF_API_TOKEN", deployOnly: true }, ["staging", "production"]), false);
  });

  it("GitHub: refuses an apply token that is also a repository secret, which every workflow run could read", async () => {
    const github = new GitHub("acme/mlops", fakeExec((line) => ({ stdout: JSON.stringify({ secrets: line.includes("environments") ? [] : [{ name: "TF_API_TOKEN" }] }) })).exec);
    await assert.rejects(github.hasSecret({ name: "TF_API_TOKEN", deployOnly: true }), {
      message: "TF_API_TOKEN is a repository secret, which every workflow run can read: delete it (gh secret delete TF_API_TOKEN --repo acme/mlops); the bootstrap keeps it in the production environment alone",
    });
    assert.equal(await github.hasSecret({ name: "TF_PLAN_API_TOKEN", deployOnly: false }), false);
  });

  describe("against the REST stand-in", () => {
    const standIn = new PlatformStandIn();
    before(() => standIn.start());
    after(() => standIn.close());

    it("GitHub: an environment that already admits other branches is refused, not widened", async () => {
      const gh = tempDir("gh-");
      writeGhStandIn(gh);
      const github = new GitHub(standIn.githubRepository, execWith({ PATH: `${gh}:${process.env.PATH}`, GH_STAND_IN_URL: standIn.url }));
      standIn.github.environments.set("production", { custom: true, branches: ["release"] });
      const [environment] = github.environmentSteps({ settings: {}, defaultBranch: "main" });
      assert.equal(await environment.check(), undefined);
      await assert.rejects(environment.run(), { message: "environment production also admits release: remove those rules in Settings > Environments, then run again" });
      assert.deepEqual(standIn.github.environments.get("production"), { custom: true, branches: ["release"] });
    });

    it("GitHub: the required check's ruleset is made, put right when disabled, and left to the user where the plan refuses rulesets", async () => {
      const gh = tempDir("gh-");
      writeGhStandIn(gh);
      const github = new GitHub(standIn.githubRepository, execWith({ PATH: `${gh}:${process.env.PATH}`, GH_STAND_IN_URL: standIn.url }));
      const ruleset = github.environmentSteps({ settings: {}, defaultBranch: "main" })[1];
      assert.equal(await ruleset.check(), undefined);
      assert.equal(await ruleset.run(), "created");
      assert.equal(await ruleset.check(), "required");
      standIn.github.rulesets[0].enforcement = "disabled";
      assert.equal(await ruleset.check(), undefined);
      assert.equal(await ruleset.run(), "updated");
      assert.equal(standIn.github.rulesets.length, 1);
      assert.equal(standIn.github.rulesets[0].enforcement, "active");
      standIn.github.rulesetsRefused = true;
      assert.equal(
        await ruleset.check(),
        'GitHub refused rulesets here (HTTP 403; private repositories need GitHub Pro or Team): require "Required checks" in Settings > Rules by hand',
      );
    });

    it("GitLab: a project it cannot find, and a failed write, read as what to fix", async () => {
      const missing = new GitLab("acme/other", "https://gitlab.com", undefined, standIn.url);
      await assert.rejects(missing.identify(), { message: "--gitlab acme/other: https://gitlab.com finds no such project (HTTP 404); check the path and GITLAB_TOKEN" });
      const gitlab = new GitLab(standIn.gitlabProject, "https://gitlab.com", undefined, standIn.url);
      assert.deepEqual(await gitlab.identify(), { settings: { CI_GITLAB_PROJECT: "acme/ml/mlops", CI_GITLAB_PROJECT_ID: "4711" }, defaultBranch: "main" });
      standIn.failWrites = 1;
      await assert.rejects(gitlab.setVariable("CDKTF_BACKEND", "gcs", false), /^Error: GitLab API POST projects\/4711\/variables answered 502: /);
      // The deploy queue's mode: on the project until the group exists, on the group after; an instance that refuses the project default is told to rerun later.
      const [, , , queue] = gitlab.environmentSteps({ settings: {}, defaultBranch: "main" });
      standIn.gitlab.refuseDefaultMode = true;
      assert.equal(await queue.check(), undefined);
      assert.equal(await queue.run(), "GitLab refused newest_ready_first as the project's default: run the bootstrap again after the first deploy pipeline, which makes the group");
      standIn.gitlab.refuseDefaultMode = false;
      assert.equal(await queue.run(), "set as the project's default: the group takes it when the first deploy makes it");
      assert.equal(await queue.check(), "the project's default, which the group takes when the first deploy makes it");
      standIn.gitlab.resourceGroups.set("deploy-workload", "oldest_first");
      assert.equal(await queue.check(), undefined);
      assert.equal(await queue.run(), "process mode set to newest_ready_first");
      assert.equal(standIn.gitlab.resourceGroups.get("deploy-workload"), "newest_ready_first");
      const selfManaged = new GitLab(standIn.gitlabProject, "https://git.acme.dev", "token", standIn.url);
      assert.equal((await selfManaged.identify()).settings.CI_GITLAB_URL, "https://git.acme.dev", "a self-managed instance is the ID tokens' issuer: CI needs its URL");
    });
  });
});

describe("a missing program or an unreachable GitLab", () => {
  it("says what to install, or which instance could not be reached", async () => {
    const run = await execWith({ PATH: tempDir("empty-path-") })("gh", ["api", "repos/acme/mlops"]);
    assert.deepEqual(run, { code: 127, stdout: "", stderr: "gh is not on PATH: install it (the GitHub CLI, https://cli.github.com, then `gh auth login`), then run the same command again" });
    const gcloud = await execWith({ PATH: tempDir("empty-path-") })("gcloud", ["services", "list"]);
    assert.equal(gcloud.stderr, "gcloud is not on PATH: install it (the Google Cloud SDK, https://cloud.google.com/sdk/docs/install), then run the same command again");
    // A port nothing listens on: the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const gitlab = new GitLab("acme/mlops", "https://git.acme.dev", undefined, `http://127.0.0.1:${port}`);
    await assert.rejects(gitlab.identify(), new RegExp(`^Error: GitLab API GET projects/acme%2Fmlops: https://git\\.acme\\.dev could not be reached \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`));
  });
});

describe("GitLab refusing the token", () => {
  it("says which token to set", async () => {
    const server = createServer((_, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end('{"message":"401 Unauthorized"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    after(() => server.close());
    const gitlab = new GitLab("acme/mlops", "https://gitlab.com", "expired", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await assert.rejects(gitlab.identify(), {
      message: 'GitLab API GET projects/acme%2Fmlops answered 401 (set GITLAB_TOKEN to a token with the api scope and Maintainer role): {"message":"401 Unauthorized"}',
    });
  });
});

describe("the setup's checks before it asks anyone", () => {
  it("refuses a bad project id, key mode, another backend, or stacks on local state, before GitHub, GitLab or Google is asked anything", async () => {
    const dir = tempDir("bootstrap-config-");
    copyFileSync(join(root, "cdktf.json"), join(dir, "cdktf.json"));
    const asked: string[] = [];
    const platform = new GitHub("acme/mlops", async (command, args) => {
      asked.push([command, ...args].join(" "));
      return { code: 0, stdout: JSON.stringify({ id: 1, full_name: "acme/mlops", owner: { id: 2 }, default_branch: "main" }), stderr: "" };
    });
    const options = (projectId: string, env: NodeJS.ProcessEnv = {}) => ({
      projectRoot: root,
      workDir: dir,
      projectId,
      platform,
      google: new Gcloud(async () => assert.fail("gcloud must not run")),
      setCi: false,
      env,
      terraformEnv: async () => assert.fail("terraform must not run"),
      log: () => undefined,
    });
    await assert.rejects(setUp(options("Acme_ML")), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        'projectId (from GCP_PROJECT_ID) is "Acme_ML": expected a project id: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
      ]);
      return true;
    });
    assert.deepEqual(asked, []);
    await assert.rejects(setUp(options("acme-ml", { CI_AUTH: "key" })), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, ['ciAuth is "key": the bootstrap sets up keyless sign-in (oidc) only; key mode is set up by hand (docs/security.md#keys-ciauth-key)']);
      return true;
    });
    assert.deepEqual(asked, []);
    await assert.rejects(setUp(options("acme-ml", { CDKTF_BACKEND: "cloud" })), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        'CDKTF_BACKEND is "cloud": the bootstrap keeps state in the gcs bucket, or with --terraform-cloud <organization> in Terraform Cloud workspaces; unset it',
      ]);
      return true;
    });
    assert.deepEqual(asked, []);
    const terraformCloud = { organization: "acme", api: { token: "t" } };
    await assert.rejects(setUp({ ...options("acme-ml", { CDKTF_BACKEND: "gcs" }), terraformCloud }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, ['CDKTF_BACKEND is "gcs": the bootstrap keeps state in Terraform Cloud workspaces (--terraform-cloud); unset it']);
      return true;
    });
    assert.deepEqual(asked, []);
    writeFileSync(join(dir, "terraform.identity.tfstate"), "{}");
    await assert.rejects(setUp(options("acme-ml")), {
      message: `terraform.identity.tfstate in ${dir}: these stacks were applied with local state; move their state into the bucket first (docs/upgrading.md, step 2), then run the bootstrap`,
    });
    assert.deepEqual(asked, []);
    writeFileSync(join(dir, "cdktf.json"), "{}");
    await assert.rejects(setUp(options("acme-ml")), ConfigError);
  });
});
