// The rehearsal behind `npm run bootstrap -- --offline`: the same setup,
// with real Terraform against the provider simulator, its state in the Cloud
// Storage stand-in through Terraform's real gcs backend, and stand-ins for
// gcloud, gh and GitLab's API. Nothing leaves the machine.
//
// With --terraform-cloud the workspaces, teams and tokens are made in a
// stand-in of HCP Terraform's API, but the applies keep their state in the
// Cloud Storage stand-in: Terraform's `cloud` backend reaches its host over
// TLS, by service discovery, and runs the whole TFE API (state versions,
// locks, runs), which no stand-in here serves. So the rehearsal swaps each
// stack's `cloud` block, and each `remote` state read, for the gcs backend,
// one prefix per workspace, and says so.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { TerraformCloudStandIn } from "./terraform-cloud-stand-in";
import { tmpdir } from "os";
import { join } from "path";
import { startStorageStandIn, StorageStandIn } from "../sim/gcs/server";
import { schemasForStacks, StackJson } from "../sim/providers";
import { ApplyFailure, resourceConfigs } from "../sim/failures";
import { Simulator, startSimulator } from "../sim/server";
import { CiPlatform, execWith, GitHub, GitLab } from "./ci";
import { SetupOptions } from "./setup";
import { GoogleStandIn, PlatformStandIn, writeGhStandIn } from "./stand-ins";

/** The bearer token Terraform's gcs backend sends to the stand-in (GOOGLE_OAUTH_ACCESS_TOKEN): the person running the bootstrap. */
const TOKEN = "bootstrap-person";
/** Where the rehearsal keeps the state that Terraform Cloud's workspaces would. */
export const WORKSPACES_BUCKET = "rehearsed-terraform-cloud-workspaces";

export type PlatformChoice = { readonly kind: "github"; readonly repository: string } | { readonly kind: "gitlab"; readonly project: string; readonly url: string };

export class Rehearsal {
  simulator?: Simulator;

  private constructor(
    readonly dir: string,
    readonly storage: StorageStandIn,
    readonly google: GoogleStandIn,
    readonly platforms: PlatformStandIn,
    private readonly bin: string,
    private readonly failures: readonly ApplyFailure[],
    readonly terraformCloud?: { readonly standIn: TerraformCloudStandIn; readonly url: string },
  ) {}

  /** `failures`: applies the simulator fails until failApply changes them (sim/failures.ts), to rehearse an interruption. */
  /** `organization`: rehearse --terraform-cloud with that organization in HCP Terraform's stand-in. */
  static async open(platform: PlatformChoice, failures: readonly ApplyFailure[] = [], organization?: string): Promise<Rehearsal> {
    const dir = mkdtempSync(join(tmpdir(), "mlops-bootstrap-"));
    const storage = await startStorageStandIn({ [TOKEN]: { email: "you@example.com", role: "admin" } }, []);
    const platforms = new PlatformStandIn(platform.kind === "github" ? platform.repository : undefined, undefined, platform.kind === "gitlab" ? platform.project : undefined);
    await platforms.start();
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeGhStandIn(bin);
    mkdirSync(join(dir, "project"));
    let terraformCloud: Rehearsal["terraformCloud"];
    if (organization !== undefined) {
      const standIn = new TerraformCloudStandIn(organization);
      terraformCloud = { standIn, url: await standIn.start() };
      storage.addBucket(WORKSPACES_BUCKET);
    }
    return new Rehearsal(dir, storage, new GoogleStandIn(storage), platforms, bin, failures, terraformCloud);
  }

  /** The setup's options for the project at `projectRoot`, rehearsed in this directory. */
  options(projectRoot: string, base: Omit<SetupOptions, "projectRoot" | "workDir" | "google" | "platform" | "terraformEnv">, platform: PlatformChoice): SetupOptions {
    const workDir = join(this.dir, "project");
    copyFileSync(join(projectRoot, "cdktf.json"), join(workDir, "cdktf.json"));
    const cloud = this.terraformCloud;
    return {
      ...base,
      projectRoot,
      workDir,
      google: this.google,
      platform: this.platform(platform),
      terraformEnv: async (stacks) => {
        if (cloud) keepStateInBucket(join(workDir, "cdktf.out"), stacks);
        return this.terraformEnv(projectRoot, stacks);
      },
      // A tight bound: the stand-in is on this machine.
      terraformCloud: cloud && { organization: cloud.standIn.organization, api: { baseUrl: cloud.url, token: cloud.standIn.token, timeoutMs: 10_000 } },
    };
  }

  private platform(choice: PlatformChoice): CiPlatform {
    if (choice.kind === "gitlab") return new GitLab(choice.project, choice.url, undefined, this.platforms.url);
    return new GitHub(choice.repository, execWith({ PATH: `${this.bin}:${process.env.PATH}`, GH_STAND_IN_URL: this.platforms.url }));
  }

  private async terraformEnv(projectRoot: string, stacks: ReadonlyMap<string, StackJson>): Promise<NodeJS.ProcessEnv> {
    this.simulator ??= await startSimulator(schemasForStacks(projectRoot, stacks), {
      existing: (type, id) => this.google.existing(type, id),
      failures: { fixed: this.failures },
      resources: resourceConfigs(stacks),
    });
    // No provider may be installed from anywhere: the simulated ones are attached, any other would come from this empty mirror.
    const mirror = join(this.dir, "no-provider-downloads");
    mkdirSync(mirror, { recursive: true });
    const rc = join(this.dir, "terraform.rc");
    writeFileSync(rc, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
    return {
      PATH: process.env.PATH,
      HOME: this.dir,
      TF_CLI_CONFIG_FILE: rc,
      TF_REATTACH_PROVIDERS: this.simulator.reattach,
      GOOGLE_BACKEND_STORAGE_CUSTOM_ENDPOINT: this.storage.endpoint,
      GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN,
    };
  }

  async close(): Promise<void> {
    await this.simulator?.close();
    await this.terraformCloud?.standIn.stop();
    await this.storage.close();
    await this.platforms.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Each stack's `cloud` block and `remote` state reads, as the gcs backend in the Cloud Storage stand-in: see the top of this file. */
export function keepStateInBucket(outdir: string, stacks: ReadonlyMap<string, StackJson>): void {
  const prefixOf = (workspace: string) => {
    const stack = [...stacks.keys()].find((name) => workspace.endsWith(`-${name}`));
    if (stack === undefined) throw new Error(`the rehearsal finds no stack for workspace ${workspace}`);
    return `terraform/${stack}`;
  };
  for (const [name, json] of stacks) {
    const stack = structuredClone(json) as Record<string, any>;
    if (stack.terraform?.cloud === undefined) throw new Error(`stack ${name} has no cloud block: expected the stacks synthesized with CDKTF_BACKEND=cloud`);
    delete stack.terraform.cloud;
    stack.terraform.backend = { gcs: { bucket: WORKSPACES_BUCKET, prefix: `terraform/${name}` } };
    for (const read of Object.values<any>(stack.data?.terraform_remote_state ?? {})) {
      if (read.backend !== "remote") continue;
      read.config = { bucket: WORKSPACES_BUCKET, prefix: prefixOf(read.config.workspaces.name) };
      read.backend = "gcs";
    }
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(stack, null, 2));
  }
}
