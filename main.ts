// The whole deployment: five stacks, each its own Terraform state, applied in
// this order. Values flow one way, from earlier stacks into later ones:
// through typed props, and through grants, which a stack makes on its own
// resources to an identity of the identity stack. cdktf turns each value that
// crosses stacks into an output and a remote-state read. A person applies
// identity, registry, cluster and access; CI's deployer applies workload.
import { App } from "cdktf";
import { readConfigOrExit } from "./lib/config";
import { writeSynthInputs } from "./lib/synth-inputs";
import { AccessStack } from "./stacks/access";
import { ClusterStack } from "./stacks/cluster";
import { IdentityStack } from "./stacks/identity";
import { RegistryStack } from "./stacks/registry";
import { WorkloadStack } from "./stacks/workload";

const config = readConfigOrExit();
const app = new App();

const identity = new IdentityStack(app, "identity", { config });

const registry = new RegistryStack(app, "registry", { config });
registry.grantPush("deployer", identity.deployerMember);
registry.grantPull("nodes", identity.nodeMember);

const cluster = new ClusterStack(app, "cluster", {
  config,
  nodeServiceAccountEmail: identity.nodeServiceAccountEmail,
});
cluster.grantDeploy("deployer", identity.deployerMember);
cluster.grantView("planner", identity.plannerMember);

new AccessStack(app, "access", {
  config,
  cluster: { name: cluster.clusterName, location: cluster.clusterLocation },
  deployerEmail: identity.deployerEmail,
  imageRepository: registry.imageHost,
});

new WorkloadStack(app, "workload", {
  config,
  imageHost: registry.imageHost,
  clusterName: cluster.clusterName,
  clusterLocation: cluster.clusterLocation,
  serviceAddress: cluster.serviceAddress,
});

app.synth();
// So a deploy can tell a cdktf.out made from other settings or sources.
writeSynthInputs(app.outdir, config);
