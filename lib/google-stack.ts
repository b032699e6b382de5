import { CloudBackend, GcsBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { Config } from "./config";

export interface GoogleStackProps {
  /** Validated settings; each stack reads only what it needs. */
  readonly config: Config;
}

/**
 * A stack with its own Terraform state (in the configured backend) and a
 * google provider for the configured project and region.
 */
export class GoogleStack extends TerraformStack {
  constructor(scope: Construct, id: string, { config }: GoogleStackProps) {
    super(scope, id);
    useBackend(this, id, config);
    new GoogleProvider(this, "google", {
      project: config.projectId,
      region: config.region,
      defaultLabels: { managed_by: "cdktf" },
    });
  }

  /**
   * Enables the Google APIs this stack calls. They stay enabled on destroy:
   * turning an API off can break resources that other stacks still hold.
   */
  protected enableApis(...services: string[]): ProjectService[] {
    return services.map(
      (service) =>
        new ProjectService(this, `api_${service.split(".")[0]}`, {
          service,
          disableOnDestroy: false,
        }),
    );
  }
}

/**
 * Keeps `stack`'s state where config says. With `local`, the path is relative
 * to the stack's directory (cdktf.out/stacks/<id>) so the JSON never holds the
 * path of the machine it was made on; cdktf's default would be absolute.
 */
function useBackend(stack: TerraformStack, id: string, config: Config): void {
  switch (config.backend) {
    case "local":
      new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: config.bucket, prefix: `terraform/${id}` });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: config.tfcOrganization,
        workspaces: new NamedCloudWorkspace(`${config.tfcWorkspacePrefix}-${id}`),
      });
      return;
  }
}
