// What the deployer may do inside the cluster, applied by a person (cluster
// admin) after `cluster` and `registry`, and before CI's first deploy: the
// model's namespace, held to the `restricted` Pod Security Standard; admission
// policies that admit there only pods of the project's images, pinned by
// digest, and no public endpoint but the model's Service; and a Role for
// exactly the objects the workload stack manages. IAM gives the deployer only
// `container.clusterViewer` (credentials, nothing inside the cluster), so this
// Role, and one cluster-wide read of CustomResourceDefinitions, are all it
// holds in Kubernetes: no Secrets, no pods/exec, no other namespace, no RBAC.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1, RoleV1Rule } from "@cdktf/provider-kubernetes/lib/role-v1";
import { environmentsOf } from "../lib/config";
import { ClusterRef, GoogleStack, GoogleStackProps, kubernetesFor } from "../lib/google-stack";
import { modelAdmissionPolicies } from "../lib/model-admission";
import { canaryName } from "./workload";

/**
 * Verbs the kubernetes provider uses on each object it manages: read and
 * watch for refresh and waits, create/update/patch/delete for changes.
 * Waiting for a rollout reads the Deployment alone, never its ReplicaSets or
 * Pods (kubernetes provider v2.38.0, resource_kubernetes_deployment_v1.go:458-497,
 * waitForDeploymentReplicasFunc), and waiting for the load balancer reads the
 * Service alone (resource_kubernetes_service_v1.go:357-373). Only when that
 * wait times out does the provider list events, for its error message
 * (DIAGNOSE_RULES).
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
 * Read-only, so a failed deploy can say why: when a LoadBalancer Service's
 * wait times out the provider lists the Service's events for its error
 * (kubernetes provider v2.38.0 resource_kubernetes_service_v1.go:375,
 * event_helpers.go:29, core/v1 events), and without this right the error
 * is only "events is forbidden" (:377); pods tell why a rollout stalls
 * (image pull, probes, admission). No subresource: not pods/log, not
 * pods/exec.
 */
export const DIAGNOSE_RULES = [
  { apiGroups: [""], resources: ["events"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
];

/**
 * The Pod Security Standard the namespace enforces, audits and warns about,
 * at a pinned version of its definition: a new Kubernetes release can add
 * checks (v1.34 added the probes' and lifecycle hooks' `host`), which take
 * effect here only when this version is raised. A version newer than the
 * cluster's is read as the newest it knows.
 */
export const POD_SECURITY = { level: "restricted", version: "v1.34" };

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
  /** Emails of the CI deployers (identity stack), one per environment in the order of the `environments` setting. */
  readonly deployerEmails: readonly string[];
  /** The registry stack's image path prefix: the only images pods of the namespaces may run. */
  readonly imageRepository: string;
}

export class AccessStack extends GoogleStack {
  constructor(scope: Construct, id: string, props: AccessStackProps) {
    super(scope, id, props);
    const { config } = props;
    kubernetesFor(this, props.cluster);

    const crds = new ClusterRoleV1(this, "deployer_crd_reader", {
      metadata: { name: "model-deployer-crd-reader" },
      rule: [CRD_LIST_RULE],
    });
    const rules: RoleV1Rule[] = [
      ...DEPLOY_RESOURCES.map(({ apiGroup, resource }) => ({
        apiGroups: [apiGroup],
        resources: [resource],
        verbs: DEPLOY_VERBS,
      })),
      ...DIAGNOSE_RULES,
      canaryProxyRule(config.appName),
    ];
    const podSecurity = Object.fromEntries(
      ["enforce", "audit", "warn"].flatMap((mode) => [
        [`pod-security.kubernetes.io/${mode}`, POD_SECURITY.level],
        [`pod-security.kubernetes.io/${mode}-version`, POD_SECURITY.version],
      ]),
    );
    // Each environment's namespace gets the same Pod Security labels and
    // admission policies, and its deployer is bound there only: the staging
    // deployer holds no Role in production's namespace.
    for (const environment of environmentsOf(config)) {
      const suffix = environment.idSuffix;
      const nameSuffix = suffix === "" ? "" : `-${environment.name}`;
      const namespace = new NamespaceV1(this, `namespace${suffix}`, { metadata: { name: environment.namespace, labels: podSecurity } });

      // No typed resource for ValidatingAdmissionPolicy in the kubernetes
      // provider v2.38.0 (kubernetes/provider.go:342-346 has webhooks only), so
      // kubernetes_manifest, which reads the API's schema at plan time: this
      // stack plans only once the cluster exists, as it already must.
      const policies = modelAdmissionPolicies({
        namespace: environment.namespace,
        imageRepository: props.imageRepository,
        serviceName: config.appName,
      });
      const admission = Object.entries(policies).flatMap(([name, { policy, binding }]) => {
        const created = new Manifest(this, `${name}_policy${suffix}`, { manifest: policy });
        return [created, new Manifest(this, `${name}_policy_binding${suffix}`, { manifest: binding, dependsOn: [created] })];
      });

      const role = new RoleV1(this, `deployer_role${suffix}`, {
        metadata: { name: "model-deployer", namespace: namespace.metadata.name },
        rule: rules,
      });
      // GKE authenticates a Google service account as the Kubernetes user
      // named by its email (https://cloud.google.com/kubernetes-engine/docs/how-to/role-based-access-control).
      const deployer = [{ kind: "User", name: props.deployerEmails[environment.index], apiGroup: "rbac.authorization.k8s.io" }];
      new RoleBindingV1(this, `deployer_binding${suffix}`, {
        metadata: { name: "model-deployer", namespace: namespace.metadata.name },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
        subject: deployer,
        // The deployer gets its rights only once admission holds them in.
        dependsOn: admission,
      });
      new ClusterRoleBindingV1(this, `deployer_crd_binding${suffix}`, {
        metadata: { name: `model-deployer-crd-reader${nameSuffix}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: crds.metadata.name },
        subject: deployer,
      });
      new TerraformOutput(this, `namespace_name${suffix}`, {
        value: namespace.metadata.name,
        description: suffix === "" ? "Namespace of the model's objects" : `Namespace of the model's objects in ${environment.name}`,
      }).overrideLogicalId(`namespace${suffix}`);
    }
  }
}
