// The setup of a project, start to end: the CI repository's ids, the stacks
// synthesized with the gcs backend, the Google APIs, the state bucket, the
// bucket into the identity stack's state, the four platform stacks applied
// with their state in the bucket from the first apply, then the CI
// variables and the deploy environment. With Terraform Cloud the workspaces
// take the bucket's place (bootstrap/terraform-cloud-steps.ts). Online this
// is gcloud, terraform, HCP Terraform's API and gh or GitLab's API; offline
// (bootstrap/offline.ts) the same steps run against stand-ins and the
// provider simulator.
import { spawn, spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "fs";
import { join } from "path";
import { Config, ConfigError, describeSetting, Environment, environmentsOf, readConfig, settingNames } from "../lib/config";
import { deployOrder } from "../lib/deploy-order";
import { workspaceName } from "../lib/google-stack";
import { CiPlatform, DEPLOYER_VARIABLE, Outputs, Repository } from "./ci";
import { Google } from "./google";
import { runSteps, Step, StepReport } from "./steps";
import { isWorkload, stacksFromManifest } from "./terraform-cloud";
import { CloudContext, remoteExecutionStep, runsRemotely, TerraformCloudOptions, tokenSecretsStep, workspacesStep } from "./terraform-cloud-steps";

/** The identity stack's state bucket resource (stacks/identity.ts). */
const BUCKET_ADDRESS = "google_storage_bucket.state";
/**
 * APIs the first applies need before any stack can enable its own: Service
 * Usage enables the rest, Cloud Resource Manager serves project IAM, Cloud
 * Storage the bucket. The stacks' own (google_project_service) are added from
 * the synthesized JSON, so this list never repeats them.
 */
const BASE_SERVICES = ["serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com", "storage.googleapis.com"];

export interface SetupOptions {
  /** The project: its cdktf.json and bin/app.js. */
  readonly projectRoot: string;
  /** Where to synthesize (cdktf.out) and run terraform: the project itself online. */
  readonly workDir: string;
  readonly projectId: string;
  readonly platform: CiPlatform;
  readonly google: Google;
  /** Set the CI variables and make the environment, or only print the variables. */
  readonly setCi: boolean;
  /** The user's environment: setting overrides in it (GCP_REGION, TF_STATE_BUCKET, ...) apply, and go to CI too. */
  readonly env: NodeJS.ProcessEnv;
  /** Terraform's environment, once the stacks are synthesized (offline: the simulator's). */
  readonly terraformEnv: (stacks: ReadonlyMap<string, Record<string, any>>) => Promise<NodeJS.ProcessEnv>;
  readonly log: (line: string) => void;
  /** Keep the state in this organization's workspaces instead of the gcs bucket. */
  readonly terraformCloud?: TerraformCloudOptions;
  /** Longest one terraform command may run. */
  readonly timeoutSeconds?: number;
}

export interface SetupResult {
  readonly reports: readonly StepReport[];
  /** Every CI variable the pipelines need, by name. */
  readonly variables: Record<string, string>;
  /** With several environments, what each CI environment's jobs see in place of the repository's variables: environment, then name. */
  readonly environmentVariables?: Record<string, Record<string, string>>;
  /** The settings this project differs from cdktf.json in, as environment variables (for a laptop's later runs). */
  readonly settings: Record<string, string>;
  readonly config: Config;
}

/** A terraform run's result. */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The setting overrides among `env`: every variable a setting reads. */
function settingOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = new Set(settingNames.map((name) => describeSetting(name).env).filter((name): name is string => name !== undefined));
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => names.has(entry[0]) && entry[1] !== undefined));
}

export async function setUp(options: SetupOptions): Promise<SetupResult> {
  const { log } = options;
  const backend = options.terraformCloud === undefined ? "gcs" : "cloud";
  if (options.env.CDKTF_BACKEND !== undefined && options.env.CDKTF_BACKEND !== backend) {
    const where = backend === "gcs" ? "in the gcs bucket, or with --terraform-cloud <organization> in Terraform Cloud workspaces" : "in Terraform Cloud workspaces (--terraform-cloud)";
    throw new ConfigError([`CDKTF_BACKEND is ${JSON.stringify(options.env.CDKTF_BACKEND)}: the bootstrap keeps state ${where}; unset it`]);
  }
  const chosen = { CDKTF_BACKEND: backend, ...(options.terraformCloud ? { TFC_ORGANIZATION: options.terraformCloud.organization } : {}) };
  // The project id and the user's overrides are checked before anything is asked of GitHub, GitLab or Google.
  const early = readConfig(join(options.workDir, "cdktf.json"), { ...settingOverrides(options.env), GCP_PROJECT_ID: options.projectId, ...chosen });
  if (early.ciAuth !== "oidc") {
    throw new ConfigError([`ciAuth is "${early.ciAuth}": the bootstrap sets up keyless sign-in (oidc) only; key mode is set up by hand (docs/security.md#keys-ciauth-key)`]);
  }
  // State of the local backend (lib/google-stack.ts puts it at the project
  // root): those stacks exist already, and applying them again on empty gcs
  // state would make every resource a second time.
  const local = readdirSync(options.workDir).filter((file) => /^terraform\.[^.]+\.tfstate$/.test(file));
  if (local.length > 0) {
    throw new Error(`${local.join(", ")} in ${options.workDir}: these stacks were applied with local state; move their state into the bucket first (docs/upgrading.md, step 2), then run the bootstrap`);
  }
  const repository: Repository = await options.platform.identify();
  log(`${options.platform.name} repository: ${Object.entries(repository.settings).map(([name, value]) => `${name}=${value}`).join(" ")}; default branch ${repository.defaultBranch}`);

  const settings: Record<string, string> = {
    ...settingOverrides(options.env),
    GCP_PROJECT_ID: options.projectId,
    ...chosen,
    ...repository.settings,
  };
  const config = readConfig(join(options.workDir, "cdktf.json"), settings);

  const stacks = synthesize(options, settings);
  const env = { ...(await options.terraformEnv(stacks.json)), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const terraform = (stack: string, args: string[]) => runTerraform(join(options.workDir, "cdktf.out", "stacks", stack), args, env, options.timeoutSeconds ?? 600);
  const must = async (stack: string, args: string[]): Promise<Run> => {
    const run = await terraform(stack, args);
    if (run.code !== 0) throw new Error(`terraform ${args[0]} of ${stack} failed (exit ${run.code}):\n${(run.stderr || run.stdout).trim()}`);
    return run;
  };
  const initialized = new Set<string>();
  const init = async (stack: string) => {
    if (!initialized.has(stack)) await must(stack, ["init", "-input=false", "-no-color"]);
    initialized.add(stack);
  };

  const services = [...new Set([...BASE_SERVICES, ...stacks.services])].sort();
  const outputs = async () => {
    await init("identity");
    return identityOutputs(() => must("identity", ["output", "-json", "-no-color"]));
  };
  const bucketSteps = (): Step[] => [
    {
      name: `state bucket gs://${config.stateBucket}`,
      check: async () => {
        const state = await options.google.bucket(config.projectId, config.stateBucket);
        if (state === "elsewhere") {
          throw new Error(`gs://${config.stateBucket} exists outside project ${config.projectId} (bucket names are global): choose another name with TF_STATE_BUCKET`);
        }
        return state === "in-project" ? `exists in ${config.projectId}` : undefined;
      },
      run: async () => {
        await options.google.createBucket({ project: config.projectId, name: config.stateBucket, location: config.region.toUpperCase() });
        return `created in ${config.region.toUpperCase()}: uniform access, public access prevented, versioned`;
      },
    },
    {
      // The bucket must exist before the first init of a stack whose state it
      // holds, so gcloud makes it and identity adopts it: from then on its
      // settings, grants and prevent_destroy are Terraform's, reviewed like the rest.
      name: `the bucket in the identity stack's state (${BUCKET_ADDRESS})`,
      check: async () => {
        await init("identity");
        const list = await must("identity", ["state", "list"]);
        return list.stdout.split("\n").includes(BUCKET_ADDRESS) ? "imported" : undefined;
      },
      run: async () => {
        // Import id `<project>/<bucket>`: google provider v6.50.0 resource_storage_bucket.go:1311-1334.
        await must("identity", ["import", "-input=false", "-no-color", BUCKET_ADDRESS, `${config.projectId}/${config.stateBucket}`]);
        return "imported";
      },
    },
  ];
  const cloud: CloudContext | undefined = options.terraformCloud && {
    cloud: options.terraformCloud,
    workspacePrefix: config.tfcWorkspacePrefix,
    stacks: stacks.dependencies,
    identityOutputs: outputs,
    log,
  };
  const steps: Step[] = [
    {
      name: `Google APIs of project ${config.projectId}`,
      check: async () => {
        const enabled = await options.google.enabledServices(config.projectId);
        return services.every((service) => enabled.has(service)) ? `all ${services.length} enabled` : undefined;
      },
      run: async () => {
        const enabled = await options.google.enabledServices(config.projectId);
        const missing = services.filter((service) => !enabled.has(service));
        await options.google.enableServices(config.projectId, missing);
        return `enabled ${missing.join(", ")}`;
      },
    },
    // The state's home: the workspaces, or the bucket and its adoption by identity.
    ...(cloud ? [workspacesStep(cloud)] : bucketSteps()),
    ...stacks.platform.map((stack): Step => {
      const planFile = "bootstrap.tfplan";
      return {
        name: `stack ${stack} (state ${cloud ? `in Terraform Cloud workspace ${workspaceName(config, stack)}` : `gs://${config.stateBucket}/terraform/${stack}`})`,
        check: async () => {
          if (cloud && (await runsRemotely(cloud, stack))) return "runs in Terraform Cloud now (remote execution): its runs there plan and apply it";
          await init(stack);
          const plan = await terraform(stack, ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-lock-timeout=5m", `-out=${planFile}`]);
          if (plan.code === 0) return "no changes";
          if (plan.code === 2) return undefined;
          throw new Error(`terraform plan of ${stack} failed (exit ${plan.code}):\n${(plan.stderr || plan.stdout).trim()}`);
        },
        run: async () => {
          const apply = await must(stack, ["apply", "-input=false", "-no-color", "-lock-timeout=5m", planFile]);
          return /Apply complete! Resources: [^\n]*/.exec(apply.stdout)?.[0] ?? "applied";
        },
      };
    }),
    ...(cloud ? [remoteExecutionStep(cloud)] : []),
  ];
  // The CI variables come from identity's outputs, read once identity is applied.
  let wanted: Record<string, string> | undefined;
  const variables = async (): Promise<Record<string, string>> => {
    if (wanted !== undefined) return wanted;
    const all = { ...options.platform.signInVariables(await outputs()), ...settings };
    const empty = Object.entries(all).filter(([, value]) => value === undefined || value === "").map(([name]) => name);
    if (empty.length > 0) throw new Error(`the identity stack gave no value for ${empty.join(", ")}: is keyless sign-in configured for ${options.platform.name}?`);
    return (wanted = all);
  };
  // With several environments each deploy job signs in as its own
  // environment's deployer: a variable of its CI environment shadows the
  // repository's, which stays the last environment's.
  const environments = environmentsOf(config);
  const several = environments.length > 1;
  const deployerOf = async (environment: Environment): Promise<string> => {
    const output = `deployer_email${environment.idSuffix}`;
    const email = (await outputs())[output];
    if (email === undefined || email === "") throw new Error(`the identity stack gave no value for output ${output} (the deployer of environment ${environment.name})`);
    return email;
  };
  if (options.setCi) {
    steps.push(
      {
        name: `${options.platform.name} CI variables`,
        check: async () => {
          const all = await variables();
          return differing(await options.platform.variables(), all).length === 0 ? `all ${Object.keys(all).length} set` : undefined;
        },
        run: async () => {
          const all = await variables();
          const current = await options.platform.variables();
          const names = differing(current, all);
          for (const name of names) await options.platform.setVariable(name, all[name], current.has(name));
          return `set ${names.join(", ")}`;
        },
      },
      ...options.platform.environmentSteps(repository, environments.map((environment) => environment.name)),
      ...(several ? environments.map((environment) => deployerVariableStep(options.platform, environment, () => deployerOf(environment))) : []),
      // After the environment: GitHub keeps the apply token in it.
      ...(cloud ? [tokenSecretsStep(cloud, options.platform, environments.map((environment) => environment.name))] : []),
    );
  }
  const reports = await runSteps(steps, log);
  const environmentVariables = several ? Object.fromEntries(await Promise.all(environments.map(async (environment) => [environment.name, { [DEPLOYER_VARIABLE]: await deployerOf(environment) }]))) : {};
  return { reports, variables: await variables(), environmentVariables, settings, config };
}

/** The deployer's service account as a variable of `environment`'s CI environment, which must exist. */
function deployerVariableStep(platform: CiPlatform, environment: Environment, email: () => Promise<string>): Step {
  return {
    name: `${platform.name} variable ${DEPLOYER_VARIABLE} of environment ${environment.name}`,
    check: async () => {
      const wanted = await email();
      return (await platform.environmentVariable(environment.name, DEPLOYER_VARIABLE)) === wanted ? wanted : undefined;
    },
    run: async () => {
      const wanted = await email();
      const exists = (await platform.environmentVariable(environment.name, DEPLOYER_VARIABLE)) !== undefined;
      await platform.setEnvironmentVariable(environment.name, DEPLOYER_VARIABLE, wanted, exists);
      return `set to ${wanted}`;
    },
  };
}

function differing(current: ReadonlyMap<string, string>, wanted: Record<string, string>): string[] {
  return Object.keys(wanted).filter((name) => current.get(name) !== wanted[name]);
}

async function identityOutputs(read: () => Promise<Run>): Promise<Outputs> {
  const outputs = JSON.parse((await read()).stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, typeof output.value === "string" ? output.value : JSON.stringify(output.value)]));
}

interface Synthesized {
  readonly json: ReadonlyMap<string, Record<string, any>>;
  /** Every stack with the stacks whose state it reads. */
  readonly dependencies: Record<string, string[]>;
  /** The stacks the bootstrap applies, in deploy order. */
  readonly platform: string[];
  /** Every API a stack enables (google_project_service). */
  readonly services: string[];
}

/** `node bin/app.js` in workDir with the settings: cdktf.out with the gcs backend. */
function synthesize(options: SetupOptions, settings: Record<string, string>): Synthesized {
  const outdir = join(options.workDir, "cdktf.out");
  rmSync(outdir, { recursive: true, force: true });
  const env = { PATH: options.env.PATH, HOME: options.env.HOME, ...settings };
  const run = spawnSync(process.execPath, [join(options.projectRoot, "bin", "app.js")], { cwd: options.workDir, env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`synthesis failed (node bin/app.js, exit ${run.status}):\n${run.stderr}`);
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const ordered = deployOrder(Object.entries<any>(manifest.stacks).map(([name, entry]) => ({ name, dependencies: entry.dependencies ?? [] })));
  const json = new Map(ordered.map(({ name }) => [name, JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"))]));
  const services = [...json.values()].flatMap((stack) => Object.values<any>(stack.resource?.google_project_service ?? {}).map((service) => service.service as string));
  // Every environment's workload stack (`workload`, `workload-<environment>`) is CI's to deploy.
  return { json, dependencies: stacksFromManifest(manifest), platform: ordered.map(({ name }) => name).filter((name) => !isWorkload(name)), services };
}

function runTerraform(dir: string, args: string[], env: NodeJS.ProcessEnv, timeoutSeconds: number): Promise<Run> {
  if (!existsSync(dir)) throw new Error(`no stack directory ${dir}`);
  return new Promise((resolve) => {
    const child = spawn("terraform", args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    // A bound far above any real apply (GKE takes minutes), so a hung run still ends.
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutSeconds * 1000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `terraform: ${error.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
