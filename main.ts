// The whole deployment: four stacks, each its own Terraform state, applied in
// this order. Values flow one way, through typed props; cdktf turns each one
// that crosses stacks into an output and a remote-state read.
import { App } from "cdktf";
import { readConfigOrExit } from "./lib/config";
import { ClusterStack } from "./stacks/cluster";
import { IdentityStack } from "./stacks/identity";
import { RegistryStack } from "./stacks/registry";
import { WorkloadStack } from "./stacks/workload";

const config = readConfigOrExit();
const app = new App();

const identity = new IdentityStack(app, "identity", { config });
const registry = new RegistryStack(app, "registry", {
  config,
  pusher: identity.deployerMember,
  puller: identity.nodeMember,
});
const cluster = new ClusterStack(app, "cluster", {
  config,
  nodeServiceAccountEmail: identity.nodeServiceAccountEmail,
});

new WorkloadStack(app, "workload", {
  config,
  imageHost: registry.imageHost,
  clusterName: cluster.clusterName,
  clusterLocation: cluster.clusterLocation,
});

app.synth();
