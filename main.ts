// The whole deployment: the platform's four stacks, then one workload stack
// per environment, each its own Terraform state, applied in this order.
// Values flow one way, from earlier stacks into later ones: through typed
// props, and through grants, which a stack makes on its own resources to an
// identity of the identity stack. cdktf turns each value that crosses stacks
// into an output and a remote-state read. A person applies identity,
// registry, cluster and access; CI's deployers apply the workload stacks.
//
// Environments (the `environments` setting, default one: `production`) run
// in promotion order: the first builds and pushes the model's image; each
// later one runs, by registry digest, the image the one before it recorded as
// deployed and checked. The last keeps the single-environment names.
import { App } from "cdktf";
import { environmentsOf, readConfigOrExit } from "./lib/config";
import { writeSynthInputs } from "./lib/synth-inputs";
import { AccessStack } from "./stacks/access";
import { ClusterStack } from "./stacks/cluster";
import { IdentityStack } from "./stacks/identity";
import { RegistryStack } from "./stacks/registry";
import { ImageSource, WorkloadStack } from "./stacks/workload";

const config = readConfigOrExit();
const environments = environmentsOf(config);
const app = new App();

const identity = new IdentityStack(app, "identity", { config });

const registry = new RegistryStack(app, "registry", { config });
registry.grantPull("nodes", identity.nodeMember);

const cluster = new ClusterStack(app, "cluster", {
  config,
  nodeServiceAccountEmail: identity.nodeServiceAccountEmail,
});
cluster.grantView("planner", identity.plannerMember);

new AccessStack(app, "access", {
  config,
  cluster: { name: cluster.clusterName, location: cluster.clusterLocation },
  deployerEmails: identity.deployers.map((deployer) => deployer.email),
  imageRepository: registry.imageHost,
});

let previous: WorkloadStack | undefined;
for (const environment of environments) {
  const deployer = identity.deployers[environment.index];
  cluster.grantDeploy(`deployer${environment.idSuffix}`, deployer.member);
  // Only the first environment builds, so only its deployer may push.
  if (previous === undefined) registry.grantPush(`deployer${environment.idSuffix}`, deployer.member);
  const image: ImageSource = previous === undefined ? { imageHost: registry.imageHost } : { checkedBy: previous };
  previous = new WorkloadStack(app, environment.stackId, {
    config,
    environment,
    image,
    clusterName: cluster.clusterName,
    clusterLocation: cluster.clusterLocation,
    serviceAddress: cluster.serviceAddresses.get(environment.name)!,
  });
}

app.synth();
// So a deploy can tell a cdktf.out made from other settings or sources.
writeSynthInputs(app.outdir, config);
