// What the setup asks of Google before Terraform can run: the APIs the
// stacks call, and the state bucket that every stack's backend needs before
// its first init. Through gcloud, as the person's own login.
import { Exec } from "./ci";

/** Whether the bucket exists, and in which project. */
export type BucketState = "missing" | "in-project" | "elsewhere";

/** The settings the bootstrap gives a new state bucket; the identity stack then keeps them (stacks/identity.ts). */
export interface BucketSpec {
  readonly project: string;
  readonly name: string;
  readonly location: string;
}

export interface Google {
  enabledServices(project: string): Promise<Set<string>>;
  enableServices(project: string, services: readonly string[]): Promise<void>;
  bucket(project: string, name: string): Promise<BucketState>;
  createBucket(spec: BucketSpec): Promise<void>;
}

export class Gcloud implements Google {
  constructor(private readonly exec: Exec) {}

  private async gcloud(args: string[]): Promise<string> {
    const run = await this.exec("gcloud", [...args, "--quiet"]);
    if (run.code !== 0) throw new Error(`gcloud ${args.join(" ")} failed (exit ${run.code}): ${run.stderr.trim()}`);
    return run.stdout;
  }

  async enabledServices(project: string): Promise<Set<string>> {
    const out = await this.gcloud(["services", "list", "--enabled", `--project=${project}`, "--format=value(config.name)"]);
    return new Set(out.split("\n").map((line) => line.trim()).filter(Boolean));
  }

  async enableServices(project: string, services: readonly string[]): Promise<void> {
    await this.gcloud(["services", "enable", ...services, `--project=${project}`]);
  }

  async bucket(project: string, name: string): Promise<BucketState> {
    const run = await this.exec("gcloud", ["storage", "buckets", "describe", `gs://${name}`, "--raw", "--format=value(projectNumber)", "--quiet"]);
    if (run.code !== 0) {
      if (/\b404\b|not found|does not exist/i.test(run.stderr)) return "missing";
      // 403: the name is taken by a bucket this login may not read.
      if (/\b403\b|does not have|denied/i.test(run.stderr)) return "elsewhere";
      throw new Error(`gcloud storage buckets describe gs://${name} failed (exit ${run.code}): ${run.stderr.trim()}`);
    }
    const number = (await this.gcloud(["projects", "describe", project, "--format=value(projectNumber)"])).trim();
    return run.stdout.trim() === number ? "in-project" : "elsewhere";
  }

  /**
   * As the identity stack declares it, so that its first apply after the
   * import changes little: uniform access, public access prevention,
   * versioning from the first object on.
   */
  async createBucket(spec: BucketSpec): Promise<void> {
    await this.gcloud([
      "storage",
      "buckets",
      "create",
      `gs://${spec.name}`,
      `--project=${spec.project}`,
      `--location=${spec.location}`,
      "--default-storage-class=STANDARD",
      "--uniform-bucket-level-access",
      "--public-access-prevention",
    ]);
    await this.gcloud(["storage", "buckets", "update", `gs://${spec.name}`, "--versioning"]);
  }
}
