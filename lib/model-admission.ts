// Admission in the model's namespace: what any Pod, Deployment or Service
// there may be, whoever sends it. The deployer's Role lets it create
// Deployments and Services, and a Role cannot say what their pod spec or type
// may be; a ValidatingAdmissionPolicy can (admissionregistration.k8s.io/v1,
// stable since Kubernetes 1.30). The namespace's Pod Security labels
// (`restricted`) enforce the same pod rules on Pods, but only warn on
// Deployments: the policy refuses the Deployment itself, so `terraform apply`
// fails with the reason instead of a rollout that times out on a ReplicaSet
// that may not create its pods.
//
// The expressions use standard CEL only (has, all, size, startsWith, matches,
// list concatenation, the conditional), so that a cel-spec evaluator runs them
// exactly as the API server does (__tests__/admission-policy.test.ts); field
// access on a missing field is an error in both, hence every has().

/** What the policies need to know about the model. */
export interface ModelAdmissionProps {
  /** The model's namespace, which the bindings select. */
  readonly namespace: string;
  /** Artifact Registry path every image must start with: `<region>-docker.pkg.dev/<project>/<repository>`. */
  readonly imageRepository: string;
  /** Name of the model's Service, the one Service that may be a LoadBalancer. */
  readonly serviceName: string;
}

/** One rule of a policy: a CEL expression that must be true, and what the refusal says. */
export interface AdmissionRule {
  readonly expression: string;
  readonly message: string;
}

/** A ValidatingAdmissionPolicy and its binding, as Kubernetes manifests. */
export interface AdmissionPolicy {
  readonly policy: Record<string, any>;
  readonly binding: Record<string, any>;
}

/** The image form every container must have after the repository's path: `/<name>@sha256:<64 hex>`, name by Docker's reference grammar, so no `..` step. */
export const PINNED_IMAGE = "^[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*@sha256:[0-9a-f]{64}$";

/** `has()` for every step of `path` below `root`, so a missing field reads as absent instead of failing. */
function present(root: string, path: string[]): string {
  return path.map((_, index) => `has(${[root, ...path.slice(0, index + 1)].join(".")})`).join(" && ");
}

/** `root.path` is present and equals `value`. */
function is(root: string, path: string[], value: string): string {
  return `(${present(root, path)} && ${[root, ...path].join(".")} == ${value})`;
}

/** `root.path` is absent or does not equal `value`. */
function isNot(root: string, path: string[], value: string): string {
  return `!${is(root, path, value)}`;
}

const POD = "variables.spec";
const EACH = "variables.containers.all(c, ";

/** The pod rules: where the images come from, and what a pod may ask of its node. */
export function podRules(props: ModelAdmissionProps): AdmissionRule[] {
  const seccomp = (root: string) => `(${present(root, ["securityContext", "seccompProfile", "type"])} && ${root}.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'])`;
  return [
    {
      expression: `${EACH}c.image.startsWith(variables.repository) && c.image.matches('${PINNED_IMAGE}'))`,
      message: `every container image must be in ${props.imageRepository}, pinned by digest: ${props.imageRepository}/<name>@sha256:<64 hex digits>`,
    },
    {
      expression: [["hostNetwork"], ["hostPID"], ["hostIPC"]].map((path) => isNot(POD, path, "true")).join(" && "),
      message: "hostNetwork, hostPID and hostIPC must be left out or false",
    },
    {
      expression: `${EACH}!has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))`,
      message: "container ports may not set hostPort",
    },
    {
      // The API server refuses a volume with two sources, so emptyDir means nothing else.
      expression: `!has(${POD}.volumes) || ${POD}.volumes.all(v, has(v.emptyDir))`,
      message: "only emptyDir volumes are allowed: no hostPath, Secret, projected, persistent or other volume",
    },
    {
      expression: `${EACH}(!has(c.env) || c.env.all(e, !(${present("e", ["valueFrom", "secretKeyRef"])}))) && (!has(c.envFrom) || c.envFrom.all(s, !has(s.secretRef))))`,
      message: "environment variables may not come from Secrets (secretKeyRef, envFrom.secretRef)",
    },
    {
      // GKE's metadata server gives a pod the Google identity bound to its
      // ServiceAccount even without a token mounted: only `default` may run.
      expression: [
        is(POD, ["automountServiceAccountToken"], "false"),
        ...["serviceAccountName", "serviceAccount"].map((field) => `(!has(${POD}.${field}) || ${POD}.${field} == 'default')`),
      ].join(" && "),
      message: "pods must run as the namespace's default ServiceAccount with automountServiceAccountToken: false",
    },
    {
      expression: `${EACH}${isNot("c", ["securityContext", "privileged"], "true")})`,
      message: "privileged containers are not allowed",
    },
    {
      expression: `${EACH}${is("c", ["securityContext", "allowPrivilegeEscalation"], "false")} && ${present("c", ["securityContext", "capabilities", "drop"])} && 'ALL' in c.securityContext.capabilities.drop && (!has(c.securityContext.capabilities.add) || size(c.securityContext.capabilities.add) == 0))`,
      message: "every container must set allowPrivilegeEscalation: false and drop ALL capabilities, adding none",
    },
    {
      expression: [
        `(${is(POD, ["securityContext", "runAsNonRoot"], "true")} ? ${EACH}${isNot("c", ["securityContext", "runAsNonRoot"], "false")}) : ${EACH}${is("c", ["securityContext", "runAsNonRoot"], "true")}))`,
        isNot(POD, ["securityContext", "runAsUser"], "0"),
        `${EACH}${isNot("c", ["securityContext", "runAsUser"], "0")})`,
      ].join(" && "),
      message: "pods must run as non-root: runAsNonRoot: true (for the pod or every container) and no runAsUser 0",
    },
    {
      expression: `${seccomp(POD)} ? ${EACH}!(${present("c", ["securityContext", "seccompProfile", "type"])}) || ${seccomp("c")}) : ${EACH}${seccomp("c")})`,
      message: "seccompProfile must be RuntimeDefault or Localhost, for the pod or for every container",
    },
  ];
}

/** The Service rules: the model's Service is the one public endpoint. */
export function serviceRules(props: ModelAdmissionProps): AdmissionRule[] {
  return [
    {
      expression: `!has(object.spec.type) || object.spec.type == 'ClusterIP' || (object.spec.type == 'LoadBalancer' && object.metadata.name == '${props.serviceName}')`,
      message: `only the model's Service ${props.serviceName} may be a LoadBalancer; any other Service must be ClusterIP (no NodePort, LoadBalancer or ExternalName)`,
    },
    {
      expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
      message: "Services may not set externalIPs",
    },
  ];
}

const ADMISSION_API = "admissionregistration.k8s.io/v1";

function policyFor(name: string, props: ModelAdmissionProps, resourceRules: object[], variables: object[], rules: AdmissionRule[]): AdmissionPolicy {
  return {
    policy: {
      apiVersion: ADMISSION_API,
      kind: "ValidatingAdmissionPolicy",
      metadata: { name },
      spec: {
        // An expression that fails to evaluate refuses the request.
        failurePolicy: "Fail",
        matchConstraints: { resourceRules },
        ...(variables.length > 0 ? { variables } : {}),
        validations: rules.map(({ expression, message }) => ({ expression, message, reason: "Forbidden" })),
      },
    },
    binding: {
      apiVersion: ADMISSION_API,
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name },
      spec: {
        policyName: name,
        validationActions: ["Deny"],
        // Set by the API server on every namespace, from its name (Kubernetes >= 1.22).
        matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": props.namespace } } },
      },
    },
  };
}

const WRITES = ["CREATE", "UPDATE"];

/**
 * The two policies of the model's namespace, each with its binding: pods
 * (Pods, and Deployments' pod templates) and Services. Cluster-scoped, so
 * named after the namespace.
 */
export function modelAdmissionPolicies(props: ModelAdmissionProps): { pods: AdmissionPolicy; services: AdmissionPolicy } {
  const pods = policyFor(
    `${props.namespace}-model-pods`,
    props,
    [
      // `kubectl debug` adds containers through the subresource; the object is the whole Pod.
      { apiGroups: [""], apiVersions: ["v1"], operations: WRITES, resources: ["pods", "pods/ephemeralcontainers"] },
      { apiGroups: ["apps"], apiVersions: ["v1"], operations: WRITES, resources: ["deployments"] },
    ],
    [
      { name: "spec", expression: "request.kind.kind == 'Pod' ? object.spec : object.spec.template.spec" },
      {
        name: "containers",
        expression: `${POD}.containers + (has(${POD}.initContainers) ? ${POD}.initContainers : []) + (has(${POD}.ephemeralContainers) ? ${POD}.ephemeralContainers : [])`,
      },
      { name: "repository", expression: JSON.stringify(`${props.imageRepository}/`) },
    ],
    podRules(props),
  );
  const services = policyFor(
    `${props.namespace}-model-services`,
    props,
    [{ apiGroups: [""], apiVersions: ["v1"], operations: WRITES, resources: ["services"] }],
    [],
    serviceRules(props),
  );
  return { pods, services };
}
