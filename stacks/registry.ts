// Replaces the guide's hand-made Artifact Registry repository and its
// project-wide createOnPushWriter role: one Docker repository, with push and
// pull granted on the repository itself.
import { TerraformLocal, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { GoogleStack, GoogleStackProps } from "../lib/google-stack";

export class RegistryStack extends GoogleStack {
  /** Image path prefix: `<region>-docker.pkg.dev/<project>/<repository>`. */
  readonly imageHost: string;
  private readonly repository: ArtifactRegistryRepository;

  constructor(scope: Construct, id: string, props: GoogleStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.repository = new ArtifactRegistryRepository(this, "repository", {
      repositoryId: config.repositoryId,
      location: config.region,
      format: "DOCKER",
      description: "Images of the model server",
      // Artifact Registry applies KEEP before DELETE: the newest versions stay
      // whatever their age, older ones go after 30 days.
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: "delete-after-30-days", action: "DELETE", condition: { tagState: "ANY", olderThan: "2592000s" } },
        { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: config.keepImageVersions } },
      ],
      dependsOn: this.enableApis("artifactregistry.googleapis.com"),
    });

    const { location, project, repositoryId } = this.repository;
    // A local, so that a later stack reads one value, not three.
    this.imageHost = new TerraformLocal(this, "image_host_path", `${location}-docker.pkg.dev/${project}/${repositoryId}`).asString;
    new TerraformOutput(this, "image_host", {
      value: this.imageHost,
      description: "Prefix of the model images: <region>-docker.pkg.dev/<project>/<repository>",
    });
  }

  /** Lets `member` (`name` in resource names) push images to this repository, and nothing else in the project. */
  grantPush(name: string, member: string): void {
    this.grant(`push_${name}`, "roles/artifactregistry.writer", member);
  }

  /** Lets `member` (`name` in resource names) pull images from this repository. */
  grantPull(name: string, member: string): void {
    this.grant(`pull_${name}`, "roles/artifactregistry.reader", member);
  }

  private grant(id: string, role: string, member: string): void {
    new ArtifactRegistryRepositoryIamMember(this, id, {
      project: this.repository.project,
      location: this.repository.location,
      repository: this.repository.name,
      role,
      member,
    });
  }
}
