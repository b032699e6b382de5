// The CI platform's side of the setup: the repository's numeric ids (what
// keyless sign-in trusts), its variables, and the `production` environment
// that alone may deploy. GitHub through the `gh` CLI (its login, its
// host), GitLab through its REST API with a token.
import { spawn } from "child_process";
import { Step } from "./steps";

/** The environment the deploy jobs run in (.github/workflows/deploy.yml, .gitlab-ci.yml). */
export const DEPLOY_ENVIRONMENT = "production";
/** The variable the deploy and promote jobs sign in as (.github/workflows/deploy.yml, promote.yml, .gitlab-ci.yml). */
export const DEPLOYER_VARIABLE = "GCP_SERVICE_ACCOUNT";
/** The deploy job's GitLab resource group (.gitlab-ci.yml). */
export const DEPLOY_RESOURCE_GROUP = "deploy-workload";
/** The plan workflow's job that sums up a pull request's checks (.github/workflows/plan.yml). */
const REQUIRED_CHECK = "Required checks";
/** A newer deploy overtakes waiting older ones, as GitHub's concurrency group does. */
const NEWEST_READY_FIRST = "newest_ready_first";

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with `input` on its standard input. */
export type Exec = (command: string, args: readonly string[], input?: string) => Promise<ExecResult>;

/** Where each program the bootstrap runs comes from. */
const INSTALL: Record<string, string> = {
  gh: "the GitHub CLI, https://cli.github.com, then `gh auth login`",
  gcloud: "the Google Cloud SDK, https://cloud.google.com/sdk/docs/install",
};

export function execWith(env: NodeJS.ProcessEnv): Exec {
  return (command, args, input = "") =>
    new Promise((resolve) => {
      const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", (error) => {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        resolve({ code: 127, stdout, stderr: missing ? `${command} is not on PATH: install it (${INSTALL[command] ?? command}), then run the same command again` : `${command}: ${error.message}` });
      });
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin.on("error", () => undefined); // a command that exits without reading its input
      child.stdin.end(input);
    });
}

/** The repository as the platform knows it. */
export interface Repository {
  /** The settings that name it (CI_GITHUB_* or CI_GITLAB_*), as environment variables. */
  readonly settings: Record<string, string>;
  readonly defaultBranch: string;
}

/**
 * A CI secret the bootstrap stores: readable by every pipeline (the plan
 * jobs'), or only by the deploy jobs (GitHub: a secret of the `production`
 * environment; GitLab: a protected variable, for pipelines of protected branches).
 */
export interface Secret {
  readonly name: string;
  readonly deployOnly: boolean;
}

/** The identity stack's outputs a platform's variables come from. */
export type Outputs = Record<string, string>;

export interface CiPlatform {
  readonly name: "GitHub" | "GitLab";
  identify(): Promise<Repository>;
  /** The sign-in variables from the identity stack's outputs. */
  signInVariables(outputs: Outputs): Record<string, string>;
  /** The repository's variables now, by name. */
  variables(): Promise<Map<string, string>>;
  setVariable(name: string, value: string, exists: boolean): Promise<void>;
  /** Whether `secret` is stored where it belongs, a deploy-only one in each of the deploy `environments` (its value cannot be read back). */
  hasSecret(secret: Secret, environments?: readonly string[]): Promise<boolean>;
  /** Stores `value` as `secret`, never on a command line or in a log. */
  setSecret(secret: Secret, value: string, environments?: readonly string[]): Promise<void>;
  /** The steps that make each deploy environment (in promotion order) and its branch rule, and any queue setting. */
  environmentSteps(repository: Repository, environments?: readonly string[]): Step[];
  /** The value of variable `name` that jobs of CI environment `environment` alone see, if set. */
  environmentVariable(environment: string, name: string): Promise<string | undefined>;
  setEnvironmentVariable(environment: string, name: string, value: string, exists: boolean): Promise<void>;
}

class NotFound extends Error {}

export class GitHub implements CiPlatform {
  readonly name = "GitHub";
  constructor(private readonly repository: string, private readonly exec: Exec) {}

  private async api(path: string, method = "GET", body?: object): Promise<any> {
    const args = ["api", "--method", method, path, ...(body ? ["--input", "-"] : [])];
    const run = await this.exec("gh", args, body ? JSON.stringify(body) : undefined);
    // gh prints "gh: <message> (HTTP <status>)", or "gh: HTTP <status>" for a
    // body without a message (cli/cli pkg/cmd/api/api.go, processResponse and parseErrorResponse).
    if (run.code !== 0 && /\bHTTP 404\b/.test(run.stderr)) throw new NotFound(path);
    if (run.code !== 0) throw new Error(`gh ${args.join(" ")} failed (exit ${run.code}): ${run.stderr.trim() || run.stdout.trim()}`);
    return run.stdout.trim() === "" ? undefined : JSON.parse(run.stdout);
  }

  async identify(): Promise<Repository> {
    const repo = await this.api(`repos/${this.repository}`).catch((error) => {
      throw error instanceof NotFound ? new Error(`--github ${this.repository}: gh finds no such repository (HTTP 404); check the name and \`gh auth status\``) : error;
    });
    return {
      settings: { CI_GITHUB_REPOSITORY: repo.full_name, CI_GITHUB_REPOSITORY_ID: String(repo.id), CI_GITHUB_OWNER_ID: String(repo.owner.id) },
      defaultBranch: repo.default_branch,
    };
  }

  signInVariables(outputs: Outputs): Record<string, string> {
    return {
      GCP_WORKLOAD_IDENTITY_PROVIDER: outputs.workload_identity_provider,
      [DEPLOYER_VARIABLE]: outputs.deployer_email,
      GCP_PLANNER_SERVICE_ACCOUNT: outputs.planner_email,
    };
  }

  async variables(): Promise<Map<string, string>> {
    const list = await this.api(`repos/${this.repository}/actions/variables?per_page=30`);
    return new Map(list.variables.map((variable: { name: string; value: string }) => [variable.name, variable.value]));
  }

  async setVariable(name: string, value: string, exists: boolean): Promise<void> {
    if (exists) await this.api(`repos/${this.repository}/actions/variables/${name}`, "PATCH", { name, value });
    else await this.api(`repos/${this.repository}/actions/variables`, "POST", { name, value });
  }

  /**
   * An environment variable shadows the repository's of the same name in
   * that environment's jobs (GitHub docs "Store information in variables",
   * precedence: "the variable at the lowest level takes precedence"; REST
   * "Get / Create / Update an environment variable").
   */
  async environmentVariable(environment: string, name: string): Promise<string | undefined> {
    try {
      return (await this.api(`repos/${this.repository}/environments/${environment}/variables/${name}`)).value;
    } catch (error) {
      if (error instanceof NotFound) return undefined;
      throw error;
    }
  }

  async setEnvironmentVariable(environment: string, name: string, value: string, exists: boolean): Promise<void> {
    const variables = `repos/${this.repository}/environments/${environment}/variables`;
    if (exists) await this.api(`${variables}/${name}`, "PATCH", { name, value });
    else await this.api(variables, "POST", { name, value });
  }

  /**
   * REST "List repository secrets" and "List environment secrets" give
   * names only. A deploy-only secret that is also a repository secret would
   * reach every workflow run, so that is refused.
   */
  async hasSecret(secret: Secret, environments: readonly string[] = [DEPLOY_ENVIRONMENT]): Promise<boolean> {
    const names = async (path: string): Promise<string[]> => {
      try {
        return (await this.api(`${path}?per_page=100`)).secrets.map((found: { name: string }) => found.name);
      } catch (error) {
        if (error instanceof NotFound) return [];
        throw error;
      }
    };
    const repository = await names(`repos/${this.repository}/actions/secrets`);
    if (!secret.deployOnly) return repository.includes(secret.name);
    if (repository.includes(secret.name)) {
      throw new Error(`${secret.name} is a repository secret, which every workflow run can read: delete it (gh secret delete ${secret.name} --repo ${this.repository}); the bootstrap keeps it in the ${environments.join(" and ")} environment${environments.length > 1 ? "s" : ""} alone`);
    }
    for (const environment of environments) {
      if (!(await names(`repos/${this.repository}/environments/${environment}/secrets`)).includes(secret.name)) return false;
    }
    return true;
  }

  /**
   * `gh secret set` encrypts the value with the repository's key before it
   * leaves the machine, and reads it from standard input when no --body is
   * given (https://cli.github.com/manual/gh_secret_set: "-b, --body: The value
   * for the secret (reads from standard input if not specified)"; "-e, --env:
   * Set deployment environment secret"): the value never sits on a command line.
   */
  async setSecret(secret: Secret, value: string, environments: readonly string[] = [DEPLOY_ENVIRONMENT]): Promise<void> {
    // A deploy-only secret goes to every deploy environment: each environment's deploy job reads its own.
    for (const environment of secret.deployOnly ? environments : [undefined]) {
      const args = ["secret", "set", secret.name, "--repo", this.repository, ...(environment !== undefined ? ["--env", environment] : [])];
      const run = await this.exec("gh", args, value);
      if (run.code !== 0) throw new Error(`gh ${args.join(" ")} failed (exit ${run.code}): ${run.stderr.trim()}`);
    }
  }

  /**
   * A job that names an environment creates it unprotected (GitHub Actions
   * environments docs), and keyless sign-in lets any job in it act as the
   * deployer: so the environment is made first, deployable from the default
   * branch alone (REST: "Create or update an environment", "Create a
   * deployment branch policy").
   */
  environmentSteps(repository: Repository, environments: readonly string[] = [DEPLOY_ENVIRONMENT]): Step[] {
    return [...environments.map((name) => this.environmentStep(name, repository.defaultBranch)), this.requiredCheckStep()];
  }

  private environmentStep(environmentName: string, branch: string): Step {
    const environment = `repos/${this.repository}/environments/${environmentName}`;
    const policies = async (): Promise<string[] | undefined> => {
      try {
        const found = await this.api(environment);
        if (found.deployment_branch_policy?.custom_branch_policies !== true) return undefined;
        const list = await this.api(`${environment}/deployment-branch-policies`);
        return list.branch_policies.filter((policy: { type?: string }) => (policy.type ?? "branch") === "branch").map((policy: { name: string }) => policy.name);
      } catch (error) {
        if (error instanceof NotFound) return undefined;
        throw error;
      }
    };
    return {
      name: `GitHub environment ${environmentName}, deployable from ${branch} alone`,
      check: async () => {
        const names = await policies();
        return names !== undefined && names.length === 1 && names[0] === branch ? `only ${branch} may deploy` : undefined;
      },
      run: async () => {
        await this.api(environment, "PUT", { deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } });
        const names = (await policies()) ?? [];
        if (names.some((name) => name !== branch)) {
          throw new Error(`environment ${environmentName} also admits ${names.filter((name) => name !== branch).join(", ")}: remove those rules in Settings > Environments, then run again`);
        }
        if (!names.includes(branch)) await this.api(`${environment}/deployment-branch-policies`, "POST", { name: branch, type: "branch" });
        return `created; only ${branch} may deploy`;
      },
    };
  }

  /**
   * The plan workflow's job "Required checks" passes only when verify passed
   * and the plans passed or were skipped (docs/continuous-deployment.md), so
   * it is the one check the default branch requires: a repository ruleset
   * (REST "Create a repository ruleset"). Rulesets of private repositories
   * need a paid plan; there GitHub answers 403 and the step says to do it by hand.
   */
  private requiredCheckStep(): Step {
    const rulesets = `repos/${this.repository}/rulesets`;
    const refused = (error: unknown) => error instanceof Error && /\bHTTP 403\b/.test(error.message);
    const byHand = `GitHub refused rulesets here (HTTP 403; private repositories need GitHub Pro or Team): require "${REQUIRED_CHECK}" in Settings > Rules by hand`;
    return {
      name: `GitHub ruleset: "${REQUIRED_CHECK}" required on the default branch`,
      check: async () => {
        try {
          const list: Array<{ id: number; name: string }> = await this.api(rulesets);
          const found = list.find((ruleset) => ruleset.name === REQUIRED_CHECK);
          if (found === undefined) return undefined;
          const ruleset = await this.api(`${rulesets}/${found.id}`);
          const checks = ruleset.rules?.find((rule: { type: string }) => rule.type === "required_status_checks")?.parameters?.required_status_checks ?? [];
          const required = ruleset.enforcement === "active" && checks.some((check: { context: string }) => check.context === REQUIRED_CHECK);
          return required ? "required" : undefined;
        } catch (error) {
          if (refused(error)) return byHand;
          throw error;
        }
      },
      run: async () => {
        const list: Array<{ id: number; name: string }> = await this.api(rulesets);
        const found = list.find((ruleset) => ruleset.name === REQUIRED_CHECK);
        const body = {
          name: REQUIRED_CHECK,
          target: "branch",
          enforcement: "active",
          conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
          rules: [{ type: "required_status_checks", parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: REQUIRED_CHECK }] } }],
        };
        if (found === undefined) await this.api(rulesets, "POST", body);
        else await this.api(`${rulesets}/${found.id}`, "PUT", body);
        return found === undefined ? "created" : "updated";
      },
    };
  }
}

export class GitLab implements CiPlatform {
  readonly name = "GitLab";
  private projectId = "";

  /** `url` is the instance (the ID tokens' issuer); `apiBase` where its API answers, the same unless rehearsing. */
  constructor(
    private readonly project: string,
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly apiBase = url,
  ) {}

  private async api(path: string, method = "GET", body?: object): Promise<any> {
    const response = await fetch(`${this.apiBase}/api/v4/${path}`, {
      method,
      headers: { ...(this.token ? { "PRIVATE-TOKEN": this.token } : {}), ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).catch((error: Error) => {
      throw new Error(`GitLab API ${method} ${path}: ${this.url} could not be reached (${(error.cause as Error | undefined)?.message ?? error.message})`);
    });
    const text = await response.text();
    if (response.status === 404) throw new NotFound(path);
    if (!response.ok) {
      const hint = response.status === 401 || response.status === 403 ? " (set GITLAB_TOKEN to a token with the api scope and Maintainer role)" : "";
      throw new Error(`GitLab API ${method} ${path} answered ${response.status}${hint}: ${text.slice(0, 300)}`);
    }
    return text === "" ? undefined : JSON.parse(text);
  }

  async identify(): Promise<Repository> {
    const found = await this.api(`projects/${encodeURIComponent(this.project)}`).catch((error) => {
      throw error instanceof NotFound ? new Error(`--gitlab ${this.project}: ${this.url} finds no such project (HTTP 404); check the path and GITLAB_TOKEN`) : error;
    });
    this.projectId = String(found.id);
    return {
      settings: { CI_GITLAB_PROJECT: found.path_with_namespace, CI_GITLAB_PROJECT_ID: this.projectId, ...(this.url !== "https://gitlab.com" ? { CI_GITLAB_URL: this.url } : {}) },
      defaultBranch: found.default_branch,
    };
  }

  signInVariables(outputs: Outputs): Record<string, string> {
    return {
      GCP_WORKLOAD_IDENTITY_PROVIDER: outputs.gitlab_workload_identity_provider,
      GCP_WORKLOAD_IDENTITY_AUDIENCE: outputs.gitlab_audience,
      GCP_SERVICE_ACCOUNT: outputs.deployer_email,
      GCP_PLANNER_SERVICE_ACCOUNT: outputs.planner_email,
    };
  }

  /** The variables of every environment (scope `*`): a scoped one of the same key is another variable. */
  async variables(): Promise<Map<string, string>> {
    return this.scopedVariables("*");
  }

  private async scopedVariables(scope: string): Promise<Map<string, string>> {
    const list: Array<{ key: string; value: string; environment_scope?: string }> = await this.api(`projects/${this.projectId}/variables?per_page=100`);
    return new Map(list.filter((variable) => (variable.environment_scope ?? "*") === scope).map((variable) => [variable.key, variable.value]));
  }

  async setVariable(name: string, value: string, exists: boolean): Promise<void> {
    // None of these is a secret: not masked, not protected (merge-request pipelines plan with them), never expanded.
    // With a scoped variable of the same key, GitLab refuses an update that names no scope (Project-level CI/CD variables API, `filter`).
    if (exists) await this.api(`projects/${this.projectId}/variables/${name}?filter[environment_scope]=*`, "PUT", { value, raw: true });
    else await this.api(`projects/${this.projectId}/variables`, "POST", { key: name, value, raw: true, masked: false, protected: false });
  }

  /**
   * A variable whose `environment_scope` names the environment: jobs of that
   * environment get it in place of the `*` one (GitLab docs, Environments,
   * environment specs: "The most specific spec takes precedence over the
   * other wildcard matching"; CI/CD variables API `environment_scope`).
   */
  async environmentVariable(environment: string, name: string): Promise<string | undefined> {
    return (await this.scopedVariables(environment)).get(name);
  }

  async setEnvironmentVariable(environment: string, name: string, value: string, exists: boolean): Promise<void> {
    if (exists) await this.api(`projects/${this.projectId}/variables/${name}?filter[environment_scope]=${encodeURIComponent(environment)}`, "PUT", { value, raw: true });
    else await this.api(`projects/${this.projectId}/variables`, "POST", { key: name, value, environment_scope: environment, raw: true, masked: false, protected: false });
  }

  async hasSecret(secret: Secret): Promise<boolean> {
    const list: Array<{ key: string; masked?: boolean; protected?: boolean }> = await this.api(`projects/${this.projectId}/variables?per_page=100`);
    const found = list.find((variable) => variable.key === secret.name);
    return found !== undefined && found.masked === true && found.protected === secret.deployOnly;
  }

  /**
   * Masked (GitLab hides the value in job logs), protected where only the
   * deploy may read it, never expanded (Project-level CI/CD variables API:
   * `masked`, `protected`, `raw`). The value goes in the request body alone.
   */
  async setSecret(secret: Secret, value: string): Promise<void> {
    const flags = { value, masked: true, protected: secret.deployOnly, raw: true };
    const exists = (await this.variables()).has(secret.name);
    if (exists) await this.api(`projects/${this.projectId}/variables/${secret.name}`, "PUT", flags);
    else await this.api(`projects/${this.projectId}/variables`, "POST", { key: secret.name, ...flags });
  }

  /**
   * Keyless sign-in admits the deployer only for pipelines of the protected
   * default branch (stacks/identity.ts), so the branch must be protected;
   * the deploy job names the environment `production`. GitLab queues the
   * deploy jobs of a resource group `unordered` by default; with
   * `newest_ready_first` a newer deploy overtakes waiting older ones, as
   * GitHub's concurrency group does (GitLab docs "Resource group", process
   * modes; only the API sets it, gitlab issues 436986, 419428).
   */
  environmentSteps(repository: Repository, environments: readonly string[] = [DEPLOY_ENVIRONMENT]): Step[] {
    const id = () => this.projectId;
    const branch = repository.defaultBranch;
    const exists = async (path: string) => {
      try {
        return await this.api(path);
      } catch (error) {
        if (error instanceof NotFound) return undefined;
        throw error;
      }
    };
    const last = environments.length - 1;
    return [
      ...environments.map(
        (name, index): Step => ({
          name: `GitLab environment ${name}`,
          check: async () => ((await this.api(`projects/${id()}/environments?name=${encodeURIComponent(name)}`)).some((found: { name: string }) => found.name === name) ? "exists" : undefined),
          run: async () => {
            // The last serves users; the ones before it are its staging (Environments API `tier`).
            await this.api(`projects/${id()}/environments`, "POST", { name, tier: index === last ? "production" : "staging" });
            return "created";
          },
        }),
      ),
      {
        name: `GitLab protected branch ${branch} (only its pipelines deploy)`,
        check: async () => ((await exists(`projects/${id()}/protected_branches/${encodeURIComponent(branch)}`)) ? "protected" : undefined),
        run: async () => {
          await this.api(`projects/${id()}/protected_branches`, "POST", { name: branch, push_access_level: 40, merge_access_level: 40 });
          return "protected: Maintainers push and merge";
        },
      },
      {
        // The merge request's pipeline (verify, then plan or "plan skipped")
        // says what GitHub's "Required checks" says (docs/continuous-deployment.md).
        name: "GitLab merge check: pipelines must succeed",
        check: async () => ((await this.api(`projects/${id()}`)).only_allow_merge_if_pipeline_succeeds === true ? "on" : undefined),
        run: async () => {
          await this.api(`projects/${id()}`, "PUT", { only_allow_merge_if_pipeline_succeeds: true });
          return "turned on";
        },
      },
      {
        // GitLab makes a resource group when the first pipeline with its job
        // runs (the API has no create); until then the project's default
        // process mode, which new groups take, is set instead (Projects API
        // `resource_group_default_process_mode`, gitlab issue 378628).
        name: `GitLab resource group ${DEPLOY_RESOURCE_GROUP}: newest_ready_first`,
        check: async () => {
          const group = await exists(`projects/${id()}/resource_groups/${DEPLOY_RESOURCE_GROUP}`);
          if (group !== undefined) return group.process_mode === NEWEST_READY_FIRST ? NEWEST_READY_FIRST : undefined;
          const project = await this.api(`projects/${id()}`);
          return project.resource_group_default_process_mode === NEWEST_READY_FIRST ? "the project's default, which the group takes when the first deploy makes it" : undefined;
        },
        run: async () => {
          if ((await exists(`projects/${id()}/resource_groups/${DEPLOY_RESOURCE_GROUP}`)) !== undefined) {
            await this.api(`projects/${id()}/resource_groups/${DEPLOY_RESOURCE_GROUP}`, "PUT", { process_mode: NEWEST_READY_FIRST });
            return `process mode set to ${NEWEST_READY_FIRST}`;
          }
          try {
            await this.api(`projects/${id()}`, "PUT", { resource_group_default_process_mode: NEWEST_READY_FIRST });
          } catch (error) {
            // An instance whose project default does not take this mode: the group's own mode, once it exists, does.
            if (!(error instanceof Error && / answered 400/.test(error.message))) throw error;
            return `GitLab refused ${NEWEST_READY_FIRST} as the project's default: run the bootstrap again after the first deploy pipeline, which makes the group`;
          }
          return `set as the project's default: the group takes it when the first deploy makes it`;
        },
      },
    ];
  }
}
