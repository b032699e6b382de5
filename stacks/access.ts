// What the deployer may do inside the cluster, applied by a person (cluster
// admin) after `cluster` and before CI's first deploy: the model's namespace,
// and a Role there for exactly the objects the workload stack manages. IAM
// gives the deployer only `container.clusterViewer` (credentials, nothing
// inside the cluster), so this Role, and one cluster-wide read of
// CustomResourceDefinitions, are all it holds in Kubernetes: no Secrets, no
// pods/exec, no other namespace, no RBAC.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1, RoleV1Rule } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ClusterRef, GoogleStack, GoogleStackProps, kubernetesFor } from "../lib/google-stack";
import { canaryName } from "./workload";

/**
 * Verbs the kubernetes provider uses on each object it manages: read and
 * watch for refresh and waits, create/update/patch/delete for changes.
 * Waiting for a rollout reads the Deployment alone, never its ReplicaSets or
 * Pods (kubernetes provider v2.38.0, resource_kubernetes_deployment_v1.go:458-497,
 * waitForDeploymentReplicasFunc), and waiting for the load balancer reads the
 * Service alone (resource_kubernetes_service_v1.go:357-373). Only when that
 * wait times out does the provider list the namespace's events for its error
 * message (:375); without `events` the error then says so instead, and a
 * person looks with kubectl.
 */
export const DEPLOY_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** The model's objects (stacks/workload.ts), by API group. */
export const DEPLOY_RESOURCES: ReadonlyArray<{ apiGroup: string; resource: string }> = [
  { apiGroup: "apps", resource: "deployments" },
  { apiGroup: "", resource: "services" },
  { apiGroup: "policy", resource: "poddisruptionbudgets" },
  { apiGroup: "autoscaling", resource: "horizontalpodautoscalers" },
];

/**
 * The one cluster-wide right the deployer needs: listing
 * CustomResourceDefinitions. The workload's rollout check reads the
 * Deployment through the `kubernetes_resource` data source, whose manifest
 * code first looks the kind up among the cluster's CRDs and fails on any
 * error (kubernetes provider v2.38.0 manifest/provider/datasource.go:324-331,
 * manifest/provider/resource.go:94, :252-277 fetchCRDs; issue 1381). CRD
 * schemas only: no object of any kind.
 */
export const CRD_LIST_RULE = { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["list"] };

/**
 * The deploy's prediction check reaches the canary's pods alone through the
 * API server's service proxy, on the canary's ClusterIP Service: GET for the
 * probe path, POST for the sample request, which RBAC sees as the verbs get
 * and create on services/proxy (Kubernetes docs, "Authorization": request
 * verbs). resourceNames holds it to that one Service: not the public one, no
 * other Service, no pods/proxy, no port-forward.
 */
export function canaryProxyRule(appName: string): RoleV1Rule {
  return { apiGroups: [""], resources: ["services/proxy"], verbs: ["get", "create"], resourceNames: [canaryName(appName)] };
}

export interface AccessStackProps extends GoogleStackProps {
  /** The GKE cluster (cluster stack). */
  readonly cluster: ClusterRef;
  /** Email of the CI deployer (identity stack). */
  readonly deployerEmail: string;
}

export class AccessStack extends GoogleStack {
  constructor(scope: Construct, id: string, props: AccessStackProps) {
    super(scope, id, props);
    const { config } = props;
    kubernetesFor(this, props.cluster);

    const namespace = new NamespaceV1(this, "namespace", { metadata: { name: config.namespace } });
    const rules: RoleV1Rule[] = DEPLOY_RESOURCES.map(({ apiGroup, resource }) => ({
      apiGroups: [apiGroup],
      resources: [resource],
      verbs: DEPLOY_VERBS,
    }));
    const role = new RoleV1(this, "deployer_role", {
      metadata: { name: "model-deployer", namespace: namespace.metadata.name },
      rule: [...rules, canaryProxyRule(config.appName)],
    });
    // GKE authenticates a Google service account as the Kubernetes user
    // named by its email (https://cloud.google.com/kubernetes-engine/docs/how-to/role-based-access-control).
    const deployer = [{ kind: "User", name: props.deployerEmail, apiGroup: "rbac.authorization.k8s.io" }];
    new RoleBindingV1(this, "deployer_binding", {
      metadata: { name: "model-deployer", namespace: namespace.metadata.name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subject: deployer,
    });
    const crds = new ClusterRoleV1(this, "deployer_crd_reader", {
      metadata: { name: "model-deployer-crd-reader" },
      rule: [CRD_LIST_RULE],
    });
    new ClusterRoleBindingV1(this, "deployer_crd_binding", {
      metadata: { name: "model-deployer-crd-reader" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: crds.metadata.name },
      subject: deployer,
    });
    new TerraformOutput(this, "namespace_name", {
      value: namespace.metadata.name,
      description: "Namespace of the model's objects",
    }).overrideLogicalId("namespace");
  }
}
