// The bootstrap's command line: its arguments, the online or offline run, and what it prints.
import { CiPlatform, execWith, GitHub, GitLab } from "./ci";
import { Gcloud } from "./google";
import { PlatformChoice, Rehearsal } from "./offline";
import { setUp, SetupOptions, SetupResult } from "./setup";
import { StepError, summary } from "./steps";

export const USAGE =
  "usage: npm run bootstrap -- --project <project id> (--github <owner/name> | --gitlab <group/project> [--gitlab-url <https url>]) [--set-ci] [--offline]";

export interface Arguments {
  readonly projectId: string;
  readonly platform: PlatformChoice;
  readonly setCi: boolean;
  readonly offline: boolean;
}

/** Bad command-line arguments; the message names the flag, the value and the expected form. */
export class UsageError extends Error {}

export function parseArguments(argv: readonly string[]): Arguments {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--set-ci" || arg === "--offline") flags.add(arg);
    else if (["--project", "--github", "--gitlab", "--gitlab-url"].includes(arg)) {
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
  const platform: PlatformChoice = github !== undefined ? { kind: "github", repository: github } : { kind: "gitlab", project: gitlab!, url };
  return { projectId, platform, setCi: flags.has("--set-ci"), offline: flags.has("--offline") };
}

/** What the user copies: the CI variables, and the settings for later `npx cdktf` runs on this machine. */
export function closingNotes(result: SetupResult, args: Arguments): string[] {
  const where =
    args.platform.kind === "github"
      ? "GitHub: Settings > Secrets and variables > Actions > Variables"
      : "GitLab: Settings > CI/CD > Variables (neither masked nor protected)";
  return [
    `CI variables (${where})${args.setCi ? ", set" : "; --set-ci sets them"}:`,
    ...Object.entries(result.variables).map(([name, value]) => `  ${name}=${value}`),
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
  const options: SetupOptions = { ...base, projectRoot, workDir: projectRoot, platform, google: new Gcloud(exec), terraformEnv: async () => process.env };
  return report(await attempt(() => setUp(options), log), args, log);
}

/** Runs the setup twice against the stand-ins: the second run shows that nothing is left to do. */
async function rehearse(projectRoot: string, base: Omit<SetupOptions, "projectRoot" | "workDir" | "google" | "platform" | "terraformEnv">, args: Arguments, log: (line: string) => void): Promise<number> {
  const rehearsal = await Rehearsal.open(args.platform);
  try {
    log(`Offline rehearsal in ${rehearsal.dir}: terraform ${"against the provider simulator"}, state in the Cloud Storage stand-in, stand-ins for gcloud and ${args.platform.kind === "github" ? "gh" : "GitLab's API"}; nothing leaves this machine.`);
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
