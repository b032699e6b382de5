import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AccessStack } from "../stacks/access";
import { resource, synthesize, testApp, testConfig } from "./support";

function access(overrides: Record<string, unknown> = {}) {
  const stack = new AccessStack(testApp(), "access", {
    config: testConfig(overrides),
    cluster: { name: "mlops-kubernetes", location: "europe-west6-a" },
    deployerEmails: ["mlem-service-account@mlops-demo-project.iam.gserviceaccount.com"],
    imageRepository: "europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry",
  });
  return synthesize(stack);
}

describe("access stack", () => {
  const json = access();
  const role = resource(json, "kubernetes_role_v1", "deployer_role");

  it("creates the model's namespace", () => {
    assert.equal(resource(json, "kubernetes_namespace_v1", "namespace").metadata.name, "live");
    assert.equal(resource(access({ namespace: "staging" }), "kubernetes_namespace_v1", "namespace").metadata.name, "staging");
  });

  // Kubernetes docs, "Enforce Pod Security Standards with namespace labels":
  // pod-security.kubernetes.io/<mode> and <mode>-version for enforce, audit, warn.
  it("enforces, audits and warns about the restricted Pod Security Standard, at a pinned version", () => {
    assert.deepEqual(resource(json, "kubernetes_namespace_v1", "namespace").metadata.labels, {
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.34",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "v1.34",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "v1.34",
    });
  });

  // The policies' CEL is run in admission-policy.test.ts; here, how they are applied.
  describe("the admission policies", () => {
    const manifests = json.resource.kubernetes_manifest as Record<string, { manifest: any; depends_on?: string[] }>;

    it("are two ValidatingAdmissionPolicies of admissionregistration.k8s.io/v1, for pods and Deployments, and for Services, refusing on any error", () => {
      const policies = Object.values(manifests).map(({ manifest }) => manifest).filter((manifest) => manifest.kind === "ValidatingAdmissionPolicy");
      assert.deepEqual(
        policies.map((policy) => [policy.apiVersion, policy.metadata.name, policy.spec.failurePolicy, policy.spec.matchConstraints.resourceRules.map((rule: any) => `${rule.apiGroups}/${rule.resources}:${rule.operations}`)]),
        [
          ["admissionregistration.k8s.io/v1", "live-model-pods", "Fail", ["/pods,pods/ephemeralcontainers:CREATE,UPDATE", "apps/deployments:CREATE,UPDATE"]],
          ["admissionregistration.k8s.io/v1", "live-model-services", "Fail", ["/services:CREATE,UPDATE"]],
        ],
      );
    });

    it("hold pods to the registry stack's repository", () => {
      const repository = manifests.pods_policy.manifest.spec.variables.find((variable: any) => variable.name === "repository");
      assert.equal(repository.expression, '"europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry/"');
    });

    it("are bound to the model's namespace alone, denying what they refuse, each binding after its policy", () => {
      const bindings = Object.entries(manifests).filter(([, { manifest }]) => manifest.kind === "ValidatingAdmissionPolicyBinding");
      assert.deepEqual(
        bindings.map(([name, { manifest, depends_on }]) => [name, manifest.spec.policyName, manifest.spec.validationActions, manifest.spec.matchResources, depends_on]),
        ["pods", "services"].map((kind) => [
          `${kind}_policy_binding`,
          `live-model-${kind}`,
          ["Deny"],
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "live" } } },
          [`kubernetes_manifest.${kind}_policy`],
        ]),
      );
      const staging = access({ namespace: "staging" }).resource.kubernetes_manifest.pods_policy_binding.manifest;
      assert.deepEqual(staging.spec.matchResources.namespaceSelector.matchLabels, { "kubernetes.io/metadata.name": "staging" });
    });

    it("are in place before the deployer gets its Role", () => {
      assert.deepEqual(resource(json, "kubernetes_role_binding_v1", "deployer_binding").depends_on.sort(), Object.keys(manifests).map((name) => `kubernetes_manifest.${name}`).sort());
    });
  });

  it("gives the deployer a Role in that namespace only, for exactly the Deployment, Service, PDB and HPA, with the provider's verbs", () => {
    assert.deepEqual(role.metadata, { name: "model-deployer", namespace: "${kubernetes_namespace_v1.namespace.metadata[0].name}" });
    const verbs = ["get", "list", "watch", "create", "update", "patch", "delete"];
    assert.deepEqual(role.rule.slice(0, 4), [
      { api_groups: ["apps"], resources: ["deployments"], verbs },
      { api_groups: [""], resources: ["services"], verbs },
      { api_groups: ["policy"], resources: ["poddisruptionbudgets"], verbs },
      { api_groups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs },
    ]);
    const everything = JSON.stringify(role.rule);
    for (const never of ["secrets", "pods/log", "pods/exec", "exec", "roles", "rolebindings", "serviceaccounts", "*", "escalate", "bind", "impersonate"]) {
      assert.ok(!everything.includes(`"${never}"`), `the Role mentions ${never}`);
    }
  });

  // kubernetes provider v2.38.0 resource_kubernetes_service_v1.go:375-377 and
  // event_helpers.go:29: a LoadBalancer wait that times out lists core/v1
  // events, and fails on "forbidden" without this.
  it("lets the deployer read, and only read, the namespace's events and pods, so a failed deploy can say why", () => {
    assert.deepEqual(role.rule.slice(4, 6), [
      { api_groups: [""], resources: ["events"], verbs: ["get", "list", "watch"] },
      { api_groups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
    ]);
  });

  it("lets the deployer proxy to the canary's ClusterIP Service alone: its name, GET and POST, no other Service", () => {
    const proxy = role.rule.filter((rule: any) => rule.resources.some((name: string) => name.endsWith("/proxy")));
    assert.deepEqual(proxy, [{ api_groups: [""], resources: ["services/proxy"], verbs: ["get", "create"], resource_names: ["mlops-classifier-canary"] }]);
    const renamed = resource(access({ appName: "churn" }), "kubernetes_role_v1", "deployer_role").rule;
    assert.deepEqual(renamed.find((rule: any) => rule.resources[0] === "services/proxy").resource_names, ["churn-canary"]);
  });

  // GKE's RBAC user name of a Google service account is its email.
  it("binds the Role to the deployer's Google identity, in the same namespace", () => {
    const binding = resource(json, "kubernetes_role_binding_v1", "deployer_binding");
    assert.deepEqual(binding.metadata, { name: "model-deployer", namespace: "${kubernetes_namespace_v1.namespace.metadata[0].name}" });
    assert.deepEqual(binding.role_ref, { api_group: "rbac.authorization.k8s.io", kind: "Role", name: "${kubernetes_role_v1.deployer_role.metadata[0].name}" });
    assert.deepEqual(binding.subject, [
      { kind: "User", name: "mlem-service-account@mlops-demo-project.iam.gserviceaccount.com", api_group: "rbac.authorization.k8s.io" },
    ]);
  });

  // The workload's rollout check (data.kubernetes_resource) lists CRDs before
  // reading the Deployment: kubernetes provider v2.38.0
  // manifest/provider/resource.go:252-277 (fetchCRDs), datasource.go:324-331.
  it("grants cluster-wide only the listing of CustomResourceDefinitions that the rollout check needs, nothing else", () => {
    const roles = Object.values(json.resource.kubernetes_cluster_role_v1 ?? {}) as any[];
    assert.deepEqual(roles.map((role) => role.rule), [[{ api_groups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["list"] }]]);
    const bindings = Object.values(json.resource.kubernetes_cluster_role_binding_v1 ?? {}) as any[];
    assert.deepEqual(bindings.map((binding) => [binding.role_ref, binding.subject]), [
      [
        { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "${kubernetes_cluster_role_v1.deployer_crd_reader.metadata[0].name}" },
        [{ kind: "User", name: "mlem-service-account@mlops-demo-project.iam.gserviceaccount.com", api_group: "rbac.authorization.k8s.io" }],
      ],
    ]);
  });

  it("signs in like the workload stack: the cluster from data sources, the credential from gke-gcloud-auth-plugin", () => {
    assert.deepEqual(json.provider.kubernetes[0].exec, [{ api_version: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: ["--use_application_default_credentials"] }]);
    assert.equal(json.provider.kubernetes[0].token, undefined);
    const { name, location } = json.data.google_container_cluster.cluster;
    assert.deepEqual({ name, location }, { name: "mlops-kubernetes", location: "europe-west6-a" });
    assert.equal(json.data.google_client_config, undefined);
  });
});
