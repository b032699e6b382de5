// The rehearsal behind `npm run bootstrap -- --offline`: the same setup,
// with real Terraform against the provider simulator, its state in the Cloud
// Storage stand-in through Terraform's real gcs backend, and stand-ins for
// gcloud, gh and GitLab's API. Nothing leaves the machine.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
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
  ) {}

  /** `failures`: applies the simulator fails until failApply changes them (sim/failures.ts), to rehearse an interruption. */
  static async open(platform: PlatformChoice, failures: readonly ApplyFailure[] = []): Promise<Rehearsal> {
    const dir = mkdtempSync(join(tmpdir(), "mlops-bootstrap-"));
    const storage = await startStorageStandIn({ [TOKEN]: { email: "you@example.com", role: "admin" } }, []);
    const platforms = new PlatformStandIn(platform.kind === "github" ? platform.repository : undefined, undefined, platform.kind === "gitlab" ? platform.project : undefined);
    await platforms.start();
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeGhStandIn(bin);
    mkdirSync(join(dir, "project"));
    return new Rehearsal(dir, storage, new GoogleStandIn(storage), platforms, bin, failures);
  }

  /** The setup's options for the project at `projectRoot`, rehearsed in this directory. */
  options(projectRoot: string, base: Omit<SetupOptions, "projectRoot" | "workDir" | "google" | "platform" | "terraformEnv">, platform: PlatformChoice): SetupOptions {
    const workDir = join(this.dir, "project");
    copyFileSync(join(projectRoot, "cdktf.json"), join(workDir, "cdktf.json"));
    return { ...base, projectRoot, workDir, google: this.google, platform: this.platform(platform), terraformEnv: (stacks) => this.terraformEnv(projectRoot, stacks) };
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
    await this.storage.close();
    await this.platforms.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
