// The access stack's admission policies, their CEL run for real: the
// expressions as synthesized, evaluated by @bufbuild/cel (a cel-spec
// conformant evaluator) against the Deployment, Pod and Service the workload
// stack would make (derived from its synthesized JSON) and against hostile
// specs.
//
// What Kubernetes adds to CEL, and how it is covered here:
// - the bindings `object`, `oldObject`, `request`, `variables` (a policy's
//   named expressions, evaluated in order): given as the API server gives
//   them, with the AdmissionRequest's `kind`; `variables` evaluated by
//   `admit` below in the policy's order;
// - failurePolicy: an expression that cannot be evaluated (a missing field
//   read without has()) refuses the request under `Fail`, which the policies
//   set: `admit` refuses on any evaluation error;
// - integers of the API's schema are int64: numbers are bound as BigInt;
// - libraries beyond the standard (Kubernetes' lists, regex, url, ip,
//   quantity, authz, optional types `?.`, extended strings) and the escaping
//   of field names that are CEL reserved words (`__namespace__`): the
//   policies use none, which the first test checks on their syntax trees, so
//   both evaluators run the same language. `matches` is RE2 in cel-go and a
//   JavaScript RegExp here; the one pattern uses only syntax both read alike.
// - type checking against the OpenAPI schema, and cost limits: not run here
//   (the API server compiles `object` as dyn and only warns on schema types).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse } from "@bufbuild/cel";
import { AccessStack } from "../stacks/access";
import { WorkloadStack } from "../stacks/workload";
import { admit } from "./admission";
import { deploymentObject, podObject, resolve, serviceObject } from "./kubernetes-objects";
import { environmentsOf } from "../lib/config";
import { resource, synthesize, testApp, testConfig } from "./support";

const repository = "europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry";
const pushedDigest = `sha256:${"4f".repeat(32)}`;

const access = synthesize(
  new AccessStack(testApp(), "access", {
    config: testConfig(),
    cluster: { name: "mlops-kubernetes", location: "europe-west6-a" },
    deployerEmails: ["deployer@mlops-demo-project.iam.gserviceaccount.com"],
    imageRepository: repository,
  }),
);
const manifests: any[] = Object.values(access.resource.kubernetes_manifest).map((block: any) => block.manifest);
const policy = (name: string) => {
  const found = manifests.find((manifest) => manifest.kind === "ValidatingAdmissionPolicy" && manifest.metadata.name === name);
  if (!found) throw new Error(`no ValidatingAdmissionPolicy ${name} in the access stack`);
  return found;
};
const pods = policy("live-model-pods");
const services = policy("live-model-services");

const workload = synthesize(
  new WorkloadStack(testApp(), "workload", {
    config: testConfig(),
    environment: environmentsOf(testConfig())[0],
    image: { imageHost: repository },
    clusterName: "mlops-kubernetes",
    clusterLocation: "europe-west6-a",
    serviceAddress: "203.0.113.7",
  }),
);
const deploymentBlock = resource(workload, "kubernetes_deployment_v1", "deployment");
/**
 * The expression inside `${...}`, as resolve() meets it in JSON text: the
 * stable pod template reads the canary's pins first (stacks/workload.ts).
 */
const expression = (value: string) => JSON.stringify(value.slice(2, -1)).slice(1, -1);
const deployment = deploymentObject(
  resolve(deploymentBlock, {
    [expression(deploymentBlock.spec.template.spec.container[0].image)]: `${repository}/mlops-classifier@${pushedDigest}`,
    [expression(deploymentBlock.spec.template.metadata.annotations["model-digest"])]: `sha256:${"ab".repeat(32)}`,
  }),
);
const pod = podObject(deployment);
const service = serviceObject(resource(workload, "kubernetes_service_v1", "service"));

/** The CEL functions (operators and macros' expansions included) that cel-spec's standard environment defines and the policies may use. */
const STANDARD = new Set(["_&&_", "_||_", "!_", "_==_", "_!=_", "_?_:_", "@in", "_+_", "size", "startsWith", "matches", "@not_strictly_false"]);
/** Names CEL reserves: a field so named must be escaped in Kubernetes (`__namespace__`), and nowhere else. */
const RESERVED = new Set("as break const continue else for function if import let loop package namespace return var void while in true false null".split(" "));
const BINDINGS = new Set(["object", "oldObject", "request", "variables"]);

function walk(node: any, found: { functions: Set<string>; fields: Set<string>; idents: Set<string> }, bound: Set<string>) {
  const { case: kind, value } = node.exprKind;
  if (kind === "callExpr") {
    found.functions.add(value.function);
    if (value.target) walk(value.target, found, bound);
    for (const arg of value.args) walk(arg, found, bound);
  } else if (kind === "selectExpr") {
    found.fields.add(value.field);
    walk(value.operand, found, bound);
  } else if (kind === "identExpr") {
    if (!bound.has(value.name)) found.idents.add(value.name);
  } else if (kind === "comprehensionExpr") {
    const inner = new Set([...bound, value.iterVar, value.accuVar]);
    walk(value.iterRange, found, bound);
    for (const part of [value.accuInit, value.loopCondition, value.loopStep, value.result]) walk(part, found, inner);
  } else if (kind === "listExpr") {
    for (const element of value.elements) walk(element, found, bound);
  } else if (kind !== "constExpr") {
    throw new Error(`unexpected CEL node ${kind}`);
  }
}

/** `spec` changed by `change`, in the Deployment's template and in the Pod alike. */
function hostile(change: (spec: any) => void): { deployment: any; pod: any } {
  const changedDeployment = structuredClone(deployment);
  change(changedDeployment.spec.template.spec);
  const changedPod = structuredClone(pod);
  change(changedPod.spec);
  return { deployment: changedDeployment, pod: changedPod };
}

const container = (spec: any) => spec.containers[0];
const digest = `@sha256:${"0".repeat(64)}`;

const MESSAGES = {
  image: `every container image must be in ${repository}, pinned by digest: ${repository}/<name>@sha256:<64 hex digits>`,
  hostNamespaces: "hostNetwork, hostPID and hostIPC must be left out or false",
  hostPort: "container ports may not set hostPort",
  volumes: "only emptyDir volumes are allowed: no hostPath, Secret, projected, persistent or other volume",
  secretEnv: "environment variables may not come from Secrets (secretKeyRef, envFrom.secretRef)",
  serviceAccount: "pods must run as the namespace's default ServiceAccount with automountServiceAccountToken: false",
  privileged: "privileged containers are not allowed",
  escalation: "every container must set allowPrivilegeEscalation: false and drop ALL capabilities, adding none",
  root: "pods must run as non-root: runAsNonRoot: true (for the pod or every container) and no runAsUser 0",
  seccomp: "seccompProfile must be RuntimeDefault or Localhost, for the pod or for every container",
  publicService: "only the model's Service mlops-classifier may be a LoadBalancer; any other Service must be ClusterIP (no NodePort, LoadBalancer or ExternalName)",
  externalIps: "Services may not set externalIPs",
};

describe("the admission policies of the model's namespace", () => {
  it("use only standard CEL and the bindings Kubernetes gives, so @bufbuild/cel runs them as the API server does", () => {
    const found = { functions: new Set<string>(), fields: new Set<string>(), idents: new Set<string>() };
    for (const manifest of [pods, services]) {
      for (const { expression } of [...(manifest.spec.variables ?? []), ...manifest.spec.validations]) walk(parse(expression).expr, found, new Set());
    }
    assert.deepEqual([...found.functions].filter((name) => !STANDARD.has(name)), []);
    assert.deepEqual([...found.idents].filter((name) => !BINDINGS.has(name)), []);
    assert.deepEqual([...found.fields].filter((name) => RESERVED.has(name)), []);
    // The walk sees what the policies read: a check that saw nothing would pass anything.
    for (const expected of ["startsWith", "matches", "size"]) assert.ok(found.functions.has(expected), expected);
    for (const expected of ["hostNetwork", "emptyDir", "secretKeyRef", "runAsNonRoot", "externalIPs"]) assert.ok(found.fields.has(expected), expected);
  });

  describe("admit what the workload stack deploys", () => {
    it("the Deployment, created and updated", () => {
      assert.equal(container(deployment.spec.template.spec).image, `${repository}/mlops-classifier@${pushedDigest}`);
      assert.deepEqual(admit(pods, deployment), []);
      assert.deepEqual(admit(pods, deployment, "UPDATE"), []);
    });

    it("the Pod its ReplicaSet creates, with the default ServiceAccount named", () => {
      assert.equal(pod.spec.serviceAccountName, "default");
      assert.deepEqual(admit(pods, pod), []);
    });

    it("the model's LoadBalancer Service, and an internal ClusterIP Service", () => {
      assert.equal(service.spec.type, "LoadBalancer");
      assert.deepEqual(admit(services, service), []);
      assert.deepEqual(admit(services, service, "UPDATE"), []);
      const internal = { ...structuredClone(service), metadata: { name: "metrics", namespace: "live" }, spec: { type: "ClusterIP", selector: { app: "mlops-classifier" }, ports: [{ port: 9090 }] } };
      assert.deepEqual(admit(services, internal), []);
    });

    it("what restricted Pod Security also allows: an explicit hostPort 0, a Localhost seccomp profile, an empty externalIPs", () => {
      const { deployment: changed } = hostile((spec) => {
        container(spec).ports[0].hostPort = 0;
        container(spec).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/model.json" };
      });
      assert.deepEqual(admit(pods, changed), []);
      const noIps = structuredClone(service);
      noIps.spec.externalIPs = [];
      assert.deepEqual(admit(services, noIps), []);
    });

    it("the project's image from an init container, and the same rules with the user set per container", () => {
      const { deployment: changed } = hostile((spec) => {
        spec.initContainers = [{ ...structuredClone(container(spec)), name: "warm-up" }];
        delete spec.securityContext.runAsNonRoot;
        for (const each of [...spec.containers, ...spec.initContainers]) each.securityContext.runAsNonRoot = true;
      });
      assert.deepEqual(admit(pods, changed), []);
    });
  });

  const refused: Array<[string, (spec: any) => void, string]> = [
    ["a privileged container", (spec) => (container(spec).securityContext.privileged = true), MESSAGES.privileged],
    ["a hostPath volume of the node's root", (spec) => spec.volumes.push({ name: "node", hostPath: { path: "/" } }), MESSAGES.volumes],
    ["hostNetwork", (spec) => (spec.hostNetwork = true), MESSAGES.hostNamespaces],
    ["hostPID", (spec) => (spec.hostPID = true), MESSAGES.hostNamespaces],
    ["hostIPC", (spec) => (spec.hostIPC = true), MESSAGES.hostNamespaces],
    ["a hostPort", (spec) => (container(spec).ports[0].hostPort = 8080), MESSAGES.hostPort],
    ["an image from Docker Hub", (spec) => (container(spec).image = `docker.io/library/busybox${digest}`), MESSAGES.image],
    ["an image from a look-alike repository", (spec) => (container(spec).image = `${repository}-evil/mlops-classifier${digest}`), MESSAGES.image],
    ["the project's image by tag, without a digest", (spec) => (container(spec).image = `${repository}/mlops-classifier:latest`), MESSAGES.image],
    ["the project's image by tag and digest", (spec) => (container(spec).image = `${repository}/mlops-classifier:latest${digest}`), MESSAGES.image],
    ["a .. step out of the repository", (spec) => (container(spec).image = `${repository}/../other/mlops-classifier${digest}`), MESSAGES.image],
    ["a short digest", (spec) => (container(spec).image = `${repository}/mlops-classifier@sha256:${"0".repeat(63)}`), MESSAGES.image],
    ["an init container with a foreign image", (spec) => (spec.initContainers = [{ ...structuredClone(container(spec)), name: "init", image: `docker.io/library/busybox${digest}` }]), MESSAGES.image],
    ["a mounted Secret", (spec) => spec.volumes.push({ name: "creds", secret: { secretName: "other-app-credentials" } }), MESSAGES.volumes],
    ["a projected ServiceAccount token", (spec) => spec.volumes.push({ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }), MESSAGES.volumes],
    ["an environment variable from a Secret", (spec) => (container(spec).env = [{ name: "KEY", valueFrom: { secretKeyRef: { name: "other-app-credentials", key: "key" } } }]), MESSAGES.secretEnv],
    ["a whole Secret as environment", (spec) => (container(spec).envFrom = [{ secretRef: { name: "other-app-credentials" } }]), MESSAGES.secretEnv],
    ["the ServiceAccount token mounted", (spec) => (spec.automountServiceAccountToken = true), MESSAGES.serviceAccount],
    ["automountServiceAccountToken left out", (spec) => delete spec.automountServiceAccountToken, MESSAGES.serviceAccount],
    ["another ServiceAccount", (spec) => (spec.serviceAccountName = "admin"), MESSAGES.serviceAccount],
    ["another ServiceAccount, by the deprecated serviceAccount field", (spec) => (spec.serviceAccount = "admin"), MESSAGES.serviceAccount],
    ["root: runAsUser 0 on the container", (spec) => (container(spec).securityContext.runAsUser = 0), MESSAGES.root],
    ["root: runAsUser 0 for the pod", (spec) => (spec.securityContext.runAsUser = 0), MESSAGES.root],
    ["root: runAsNonRoot false on the container", (spec) => (container(spec).securityContext.runAsNonRoot = false), MESSAGES.root],
    ["root: runAsNonRoot nowhere (the image's USER decides)", (spec) => delete spec.securityContext.runAsNonRoot, MESSAGES.root],
    ["privilege escalation allowed", (spec) => (container(spec).securityContext.allowPrivilegeEscalation = true), MESSAGES.escalation],
    ["a capability added (NET_ADMIN)", (spec) => (container(spec).securityContext.capabilities.add = ["NET_ADMIN"]), MESSAGES.escalation],
    ["capabilities not dropped", (spec) => delete container(spec).securityContext.capabilities, MESSAGES.escalation],
    ["capabilities dropped, but not ALL", (spec) => (container(spec).securityContext.capabilities.drop = ["NET_RAW"]), MESSAGES.escalation],
    ["seccomp Unconfined on the container", (spec) => (container(spec).securityContext.seccompProfile = { type: "Unconfined" }), MESSAGES.seccomp],
    ["no seccomp profile", (spec) => delete spec.securityContext.seccompProfile, MESSAGES.seccomp],
  ];

  describe("refuse a Deployment, and the Pod it would make, with", () => {
    for (const [what, change, message] of refused) {
      it(what, () => {
        const { deployment: changedDeployment, pod: changedPod } = hostile(change);
        assert.deepEqual(admit(pods, changedDeployment), [message], "Deployment");
        assert.deepEqual(admit(pods, changedPod), [message], "Pod");
      });
    }

    it("an ephemeral container with a foreign image, added as kubectl debug adds it", () => {
      const debugged = structuredClone(pod);
      debugged.spec.ephemeralContainers = [{ ...structuredClone(container(pod.spec)), name: "debug", image: `docker.io/library/busybox${digest}` }];
      assert.deepEqual(admit(pods, debugged, "UPDATE", "ephemeralcontainers"), [MESSAGES.image]);
    });

    it("a pod spec it cannot read (a missing field is an error, and errors refuse)", () => {
      const unreadable = structuredClone(pod);
      delete unreadable.spec.containers;
      assert.match(admit(pods, unreadable).join("\n"), /^variables\.containers: /);
    });
  });

  describe("refuse a Service that opens another endpoint", () => {
    const other = (spec: Record<string, unknown>, name = "backdoor") => ({ ...structuredClone(service), metadata: { name, namespace: "live" }, spec: { selector: { app: "mlops-classifier" }, ports: [{ port: 22 }], ...spec } });

    it("an extra LoadBalancer Service", () => assert.deepEqual(admit(services, other({ type: "LoadBalancer" })), [MESSAGES.publicService]));
    it("a NodePort Service", () => assert.deepEqual(admit(services, other({ type: "NodePort" })), [MESSAGES.publicService]));
    it("an ExternalName Service", () => assert.deepEqual(admit(services, other({ type: "ExternalName", externalName: "example.com" })), [MESSAGES.publicService]));
    it("a ClusterIP Service with externalIPs", () => assert.deepEqual(admit(services, other({ type: "ClusterIP", externalIPs: ["198.51.100.1"] })), [MESSAGES.externalIps]));
    it("the model's Service with externalIPs", () => {
      const changed = structuredClone(service);
      changed.spec.externalIPs = ["198.51.100.1"];
      assert.deepEqual(admit(services, changed, "UPDATE"), [MESSAGES.externalIps]);
    });
  });
});
