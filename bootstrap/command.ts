// The bootstrap's command line: its arguments, the online or offline run, and what it prints.
import { readFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import { CiPlatform, execWith, GitHub, GitLab } from "./ci";
import { Gcloud } from "./google";
import { PlatformChoice, Rehearsal, WORKSPACES_BUCKET } from "./offline";
import { setUp, SetupOptions, SetupResult } from "./setup";
import { StepError, summary } from "./steps";
import { TOKEN_SECRETS } from "./terraform-cloud-steps";

export const USAGE =
  "usage: npm run bootstrap -- --project <project id> (--github <owner/name> | --gitlab <group/project> [--gitlab-url <https url>]) [--terraform-cloud <organization>] [--set-ci] [--offline]";

export interface Arguments {
  readonly projectId: string;
  readonly platform: PlatformChoice;
  readonly setCi: boolean;
  readonly offline: boolean;
  /** Keep the state in this HCP Terraform organization's workspaces instead of the gcs bucket. */
  readonly terraformCloud?: string;
}

/** Bad command-line arguments; the message names the flag, the value and the expected form. */
export class UsageError extends Error {}

export function parseArguments(argv: readonly string[]): Arguments {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--set-ci" || arg === "--offline") flags.add(arg);
    else if (["--project", "--github", "--gitlab", "--gitlab-url", "--terraform-cloud"].includes(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value\n${USAGE}`);
      values.set(arg, value);
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  const projectId = values.get("--project");
  if (projectId === undefined) throw new UsageError(`--project is missing: the Google Cloud project to set up\n${USAGE}`);
  const github = values.get("--github");
  const gitlab = values.get("--gitlab");
  if ((github === undefined) === (gitlab === undefined)) {
    throw new UsageError(`expected exactly one of --github <owner/name> and --gitlab <group/project>: the repository whose CI deploys\n${USAGE}`);
  }
  if (values.has("--gitlab-url") && gitlab === undefined) throw new UsageError(`--gitlab-url goes with --gitlab\n${USAGE}`);
  if (github !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(github)) throw new UsageError(`--github is ${JSON.stringify(github)}: expected owner/name`);
  if (gitlab !== undefined && !/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/.test(gitlab)) throw new UsageError(`--gitlab is ${JSON.stringify(gitlab)}: expected group/project`);
  const url = values.get("--gitlab-url") ?? "https://gitlab.com";
  if (!/^https:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/.test(url)) {
    throw new UsageError(`--gitlab-url is ${JSON.stringify(url)}: expected an https URL without a trailing slash, such as https://gitlab.com`);
  }
  const organization = values.get("--terraform-cloud");
  // The form of setting tfcOrganization (lib/config.ts).
  if (organization !== undefined && !/^[A-Za-z0-9_-]{3,40}$/.test(organization)) {
    throw new UsageError(`--terraform-cloud is ${JSON.stringify(organization)}: expected a Terraform Cloud organization name, 3-40 letters, digits, hyphens or underscores`);
  }
  const platform: PlatformChoice = github !== undefined ? { kind: "github", repository: github } : { kind: "gitlab", project: gitlab!, url };
  return { projectId, platform, setCi: flags.has("--set-ci"), offline: flags.has("--offline"), ...(organization !== undefined ? { terraformCloud: organization } : {}) };
}

/**
 * The person's HCP Terraform token, where Terraform itself finds it:
 * TF_TOKEN_app_terraform_io first, then the credentials file `terraform
 * login` writes, ~/.terraform.d/credentials.tfrc.json (terraform v1.11.4
 * internal/command/cliconfig/credentials.go:29-34 the file, :120-147 the
 * variable's name, :232-250 the order; config_unix.go:25-31 the directory).
 * Credentials blocks of other CLI config files and credential helpers are
 * not read: the error says what to do instead.
 */
export function terraformCloudToken(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.TF_TOKEN_app_terraform_io;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const file = join(home, ".terraform.d", "credentials.tfrc.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--terraform-cloud needs an HCP Terraform token: TF_TOKEN_app_terraform_io is not set and ${file} cannot be read; run \`terraform login\` or set TF_TOKEN_app_terraform_io`);
  }
  let token: unknown;
  try {
    token = JSON.parse(text)?.credentials?.["app.terraform.io"]?.token;
  } catch {
    throw new UsageError(`${file} is not JSON: expected {"credentials": {"app.terraform.io": {"token": "..."}}} as \`terraform login\` writes it`);
  }
  if (typeof token !== "string" || token === "") {
    throw new UsageError(`${file} holds no token for app.terraform.io: expected {"credentials": {"app.terraform.io": {"token": "..."}}}; run \`terraform login\``);
  }
  return token;
}

/** What the user copies: the CI variables, and the settings for later `npx cdktf` runs on this machine. */
export function closingNotes(result: SetupResult, args: Arguments): string[] {
  const where =
    args.platform.kind === "github"
      ? "GitHub: Settings > Secrets and variables > Actions > Variables"
      : "GitLab: Settings > CI/CD > Variables (neither masked nor protected)";
  const secrets = TOKEN_SECRETS.map((secret) =>
    args.platform.kind === "github"
      ? `${secret.name} (${secret.deployOnly ? "a secret of the production environment" : "a repository secret"})`
      : `${secret.name} (masked${secret.deployOnly ? ", protected" : ", not protected"})`,
  ).join(" and ");
  return [
    `CI variables (${where})${args.setCi ? ", set" : "; --set-ci sets them"}:`,
    ...Object.entries(result.variables).map(([name, value]) => `  ${name}=${value}`),
    ...Object.entries(result.environmentVariables ?? {}).flatMap(([environment, variables]) => [
      args.platform.kind === "github"
        ? `  in environment ${environment} (Settings > Environments > ${environment} > Environment variables), in place of the above:`
        : `  with environment scope ${environment}, in place of the above:`,
      ...Object.entries(variables).map(([name, value]) => `    ${name}=${value}`),
    ]),
    ...(args.terraformCloud === undefined
      ? []
      : [
          args.setCi
            ? `CI secrets ${secrets}: the Terraform Cloud team tokens, stored; never shown`
            : `CI secrets ${secrets}: not made; --set-ci makes the Terraform Cloud team tokens and stores them, never showing them`,
        ]),
    "This machine's later runs (npx cdktf diff|deploy, npm run deploy:workload) need the settings:",
    `  export ${Object.entries(result.settings).map(([name, value]) => `${name}=${value}`).join(" ")}`,
  ];
}

export async function main(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const args = parseArguments(argv);
  const projectRoot = process.cwd();
  const base = { projectId: args.projectId, setCi: args.setCi, env: process.env, log };
  if (args.offline) return rehearse(projectRoot, base, args, log);

  const exec = execWith({ ...process.env, CHECKPOINT_DISABLE: "1" });
  const platform: CiPlatform =
    args.platform.kind === "github" ? new GitHub(args.platform.repository, exec) : new GitLab(args.platform.project, args.platform.url, process.env.GITLAB_TOKEN);
  const terraformCloud = args.terraformCloud === undefined ? undefined : { organization: args.terraformCloud, api: { token: terraformCloudToken(process.env, homedir()) } };
  const options: SetupOptions = { ...base, projectRoot, workDir: projectRoot, platform, google: new Gcloud(exec), terraformEnv: async () => process.env, terraformCloud };
  return report(await attempt(() => setUp(options), log), args, log);
}

/** Runs the setup twice against the stand-ins: the second run shows that nothing is left to do. */
async function rehearse(projectRoot: string, base: Omit<SetupOptions, "projectRoot" | "workDir" | "google" | "platform" | "terraformEnv">, args: Arguments, log: (line: string) => void): Promise<number> {
  const rehearsal = await Rehearsal.open(args.platform, [], args.terraformCloud);
  try {
    log(`Offline rehearsal in ${rehearsal.dir}: terraform ${"against the provider simulator"}, state in the Cloud Storage stand-in, stand-ins for gcloud and ${args.platform.kind === "github" ? "gh" : "GitLab's API"}; nothing leaves this machine.`);
    if (args.terraformCloud !== undefined) {
      log(
        `Terraform Cloud: the workspaces, teams and tokens are made in a stand-in of HCP Terraform's API; the applies keep each workspace's state in the Cloud Storage stand-in instead (gs://${WORKSPACES_BUCKET}/terraform/<stack>), since Terraform's cloud backend needs HCP Terraform itself.`,
      );
    }
    log("First run:");
    const first = await attempt(() => setUp(rehearsal.options(projectRoot, base, args.platform)), log);
    if (first === undefined) return 1;
    log(summary(first.reports));
    log("Second run (what a rerun does):");
    return report(await attempt(() => setUp(rehearsal.options(projectRoot, base, args.platform)), log), args, log);
  } finally {
    await rehearsal.close();
  }
}

async function attempt(run: () => Promise<SetupResult>, log: (line: string) => void): Promise<SetupResult | undefined> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    log(`Stopped at "${error.step}". Fix what it says and run the same command again: the steps already done are skipped.`);
    return undefined;
  }
}

function report(result: SetupResult | undefined, args: Arguments, log: (line: string) => void): number {
  if (result === undefined) return 1;
  log(summary(result.reports));
  for (const line of closingNotes(result, args)) log(line);
  return 0;
}
