// Replaces `mlem deployment run`: build the model server's image, push it,
// and serve it from the cluster. The model digest is the only input that
// changes when the model does; the same digest twice plans "No changes".
import { DataResource, Fn, Op, ref, TerraformIterator, TerraformOutput, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { Image } from "@cdktf/provider-docker/lib/image";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RegistryImage } from "@cdktf/provider-docker/lib/registry-image";
import { DataKubernetesResource } from "@cdktf/provider-kubernetes/lib/data-kubernetes-resource";
import { DeploymentV1, DeploymentV1SpecTemplate } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Config, Environment } from "../lib/config";
import { COMMIT_PATTERN, DIGEST_PATTERN, IMAGE_PATTERN } from "../lib/digest";
import { GoogleStack, GoogleStackProps, kubernetesFor } from "../lib/google-stack";

/**
 * Start-up probe: the model loads for up to period x failureThreshold
 * seconds before Kubernetes restarts the container.
 */
const STARTUP_PROBE = { periodSeconds: 5, failureThreshold: 60, timeoutSeconds: 3 };

/** Time a node may take to pull the model image before the container starts. */
const IMAGE_PULL_ALLOWANCE_SECONDS = 180;

/**
 * A new pod may take the image pull plus the whole start-up budget before it
 * counts as progress; the Deployment's progress deadline must exceed that, or
 * a slow pull and a slow model load fail a rollout that would have succeeded.
 */
export const PROGRESS_DEADLINE_SECONDS =
  IMAGE_PULL_ALLOWANCE_SECONDS + STARTUP_PROBE.periodSeconds * STARTUP_PROBE.failureThreshold;

/**
 * The longest Terraform waits for a rollout. CI's deploy job must outlive it
 * (its timeout is this plus a margin, kept by a pipelines test): a job
 * cancelled mid-apply leaves the state lock behind and every later deploy
 * waits for it in vain.
 */
export const ROLLOUT_TIMEOUT_LIMIT_SECONDS = 45 * 60;


/**
 * The Deployment's rollout is complete: the controller has seen the current
 * generation, every pod runs the current pod template, one at least is
 * available, and the progress deadline has not passed. These are the checks
 * of `kubectl rollout status` and of the provider's own wait
 * (waitForDeploymentReplicasFunc, resource_kubernetes_deployment_v1.go:458 at
 * v2.38.0), less those that also fail while the autoscaler adds pods (all
 * ready, all available). Fields Kubernetes leaves out when zero or not yet
 * set read as failures (try).
 */
export const ROLLOUT_COMPLETE = [
  "try(self.object.status.observedGeneration >= self.object.metadata.generation, false)",
  "try(self.object.status.updatedReplicas == self.object.status.replicas, false)",
  "try(self.object.status.availableReplicas >= 1, false)",
  '!anytrue(try([for c in self.object.status.conditions : c.reason == "ProgressDeadlineExceeded"], []))',
].join(" && ");

/**
 * The user and group the server runs as: `nobody` (65534), which owns no
 * file in the image, so the server can read its code and model but change
 * neither. model-server/Dockerfile names the same user.
 */
export const SERVER_USER = 65534;

/** The one writable directory of a read-only container: an emptyDir, gone with the pod. */
export const SCRATCH = { name: "tmp", path: "/tmp", size: "256Mi" };

/** Terraform runs in cdktf.out/stacks/workload; the build context is relative to the project root. */
const PROJECT_ROOT = "../../..";

/**
 * The model digest of `dir` as Terraform computes it: the recipe of
 * lib/digest.ts. cdktf renders the loop as `for key, val in toset(...)`; a set
 * of strings iterates in byte order, the order of sort().
 */
function contextDigest(dir: string): string {
  const files = TerraformIterator.fromList(Fn.sort(Fn.fileset(dir, "**")));
  const manifest = files.forExpressionForList(`format("%s  %s\\n", filesha256("${dir}/\${val}"), val)`);
  return Fn.format("sha256:%s", [Fn.sha256(Fn.join("", Token.asList(manifest)))]);
}

/** A required string variable whose value must match `pattern`; its value. */
function validatedText(scope: Construct, name: string, spec: { description: string; pattern: string; errorMessage: string }): string {
  const variable = new TerraformVariable(scope, name, { type: "string", nullable: false, description: spec.description });
  variable.addValidation({
    // Built from Fn calls alone: literal text around a token would render
    // a string template, which Terraform rejects as a condition.
    condition: Fn.can(Fn.regex(spec.pattern, variable.stringValue)),
    errorMessage: spec.errorMessage,
  });
  return variable.stringValue;
}

/** The canary Deployment's pods carry this label beside `app`; its selector and its own Service select both. */
export const CANARY_TRACK = { track: "canary" };

/** The canary's Deployment and ClusterIP Service: `<appName>-canary`, the name the deployer's proxy grant names (stacks/access.ts). */
export function canaryName(appName: string): string {
  return `${appName}-canary`;
}

/**
 * `canary`: null (the default) rolls model_digest out to every pod. Set, it
 * pins what serves now (the record's digest, commit and image) on the stable
 * Deployment and the record, and model_digest goes to the canary alone:
 * canaryReplicas pods, or none once `rolled_back`. The deploy sets it from
 * the outputs it read (scripts/deploy-workload.ts --canary).
 */
function canaryVariable(scope: Construct): TerraformVariable {
  const variable = new TerraformVariable(scope, "canary", {
    type: "object({ stable_digest = string, stable_commit = string, stable_image = string, rolled_back = bool })",
    nullable: true,
    description:
      "null: roll model_digest out to every pod. Set during a canary deploy: the stable Deployment and the record keep stable_* (what serves now, from the outputs), model_digest runs on the canary's pods, none once rolled_back",
  });
  // cdktf drops a `default: null`; Terraform needs it to make the variable optional.
  variable.addOverride("default", null);
  const fields: Array<[string, RegExp, string]> = [
    ["stable_digest", DIGEST_PATTERN, "sha256:<64 lowercase hex>, the output model_digest"],
    ["stable_commit", COMMIT_PATTERN, "40 lowercase hex digits, the output model_commit"],
    ["stable_image", IMAGE_PATTERN, "<registry>/<path>@sha256:<64 hex>, the output image"],
  ];
  for (const [field, pattern, expected] of fields) {
    variable.addValidation({
      // can() turns the null of "no canary" into false instead of an error.
      condition: Op.or(Op.eq(variable.value, Token.nullValue()), Fn.can(Fn.regex(pattern.source, Fn.lookup(variable.value, field)))),
      errorMessage: `canary.${field} must be ${expected}.`,
    });
  }
  return variable;
}

/**
 * Where an environment's image comes from: the first environment builds and
 * pushes it into the registry stack's repository (`imageHost`); each later
 * one runs, by registry digest, the image the environment before it recorded
 * as deployed and checked (`checkedBy`), never building or tagging one.
 */
export type ImageSource = { readonly imageHost: string } | { readonly checkedBy: WorkloadStack };

/**
 * The outputs each workload stack records, which a later environment, the
 * status command and the pipelines read. A "checked" output is the empty
 * string until the prediction check passed on what the stack deployed.
 */
export const RECORD_OUTPUTS = {
  deployedDigest: "model_digest",
  deployedCommit: "model_commit",
  image: "image",
  url: "url",
  checkedDigest: "checked_model_digest",
  checkedCommit: "checked_model_commit",
  checkedImage: "checked_image",
  environment: "environment",
} as const;

export interface WorkloadStackProps extends GoogleStackProps {
  /** The environment this stack serves (lib/config.ts environmentsOf). */
  readonly environment: Environment;
  /** Built here (the first environment) or taken from the earlier environment's record. */
  readonly image: ImageSource;
  /** Name of the GKE cluster (cluster stack). */
  readonly clusterName: string;
  /** Zone of the GKE cluster (cluster stack). */
  readonly clusterLocation: string;
  /** Reserved external IP the Service's load balancer takes (cluster stack), so the URL outlives the Service. */
  readonly serviceAddress: string;
}

export class WorkloadStack extends GoogleStack {
  /** The environment this stack serves. */
  readonly environment: Environment;

  constructor(scope: Construct, id: string, props: WorkloadStackProps) {
    super(scope, id, props);
    const { config, environment } = props;
    this.environment = environment;
    const settings = environment.workload;

    const modelDigest = validatedText(this, "model_digest", {
      description: "Digest of the model server's build context (`npm run digest -- <dir>`): sha256:<64 hex digits>",
      pattern: DIGEST_PATTERN.source,
      errorMessage: "model_digest must be sha256: followed by 64 lowercase hex digits, as printed by `npm run digest`.",
    });
    const modelCommit = validatedText(this, "model_commit", {
      description: "Git commit the build context was taken from (`git rev-parse HEAD`): 40 lowercase hex digits",
      pattern: COMMIT_PATTERN.source,
      errorMessage: "model_commit must be a full git commit id: 40 lowercase hex digits, as printed by `git rev-parse HEAD`.",
    });
    // deploy:workload refuses this commit and its ancestors unless it is an
    // explicit rollback, so re-running the bad commit's deploy cannot undo a rollback.
    const rolledBackFrom = new TerraformVariable(this, "rolled_back_from", {
      type: "string",
      nullable: false,
      default: "",
      description: "Git commit a rollback left (40 lowercase hex digits), kept by later deploys until one descends from it; empty when none",
    });
    rolledBackFrom.addValidation({
      condition: Fn.can(Fn.regex("^([0-9a-f]{40})?$", rolledBackFrom.stringValue)),
      errorMessage: "rolled_back_from must be empty or a full git commit id: 40 lowercase hex digits.",
    });
    // npm run status reports when the model was deployed; state holds no times of its own.
    const deployedAt = new TerraformVariable(this, "deployed_at", {
      type: "string",
      nullable: false,
      default: "",
      description: "When deploy:workload applied this model (UTC, RFC 3339, such as 2026-12-06T10:02:11Z); empty when not set",
    });
    deployedAt.addValidation({
      condition: Fn.can(Fn.regex("^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?Z)?$", deployedAt.stringValue)),
      errorMessage: "deployed_at must be empty or a UTC time in RFC 3339, such as 2026-12-06T10:02:11Z.",
    });
    const verifyRollout = new TerraformVariable(this, "verify_rollout", {
      type: "bool",
      nullable: false,
      default: false,
      description:
        "Read the Deployment's status at plan time and refuse to record a model whose rollout is not complete (deploys only: it needs Kubernetes read access and fails while a rollout runs)",
    });

    const checkedDigest = new TerraformVariable(this, "checked_model_digest", {
      type: "string",
      nullable: false,
      default: "",
      description:
        "Set only after the prediction check passed on this environment: the digest it checked, which must be model_digest. Recorded as checked_model_digest, the digest the next environment may run; empty (a deploy) records nothing as checked",
    });
    checkedDigest.addValidation({
      condition: Fn.can(Fn.regex(`^(?:${DIGEST_PATTERN.source.replace(/^\^|\$$/g, "")})?$`, checkedDigest.stringValue)),
      errorMessage: "checked_model_digest must be empty or sha256: followed by 64 lowercase hex digits.",
    });

    const canary = canaryVariable(this);
    // What the stable Deployment and the record hold: during a canary, what
    // serves now; otherwise the model being deployed. try(): the attributes
    // of a null canary are an error, which means "no canary".
    const pinned = (field: string, otherwise: string) => Fn.try([Fn.lookup(canary.value, field), otherwise]);

    // Signed in as whoever runs Terraform, with nothing saved in state.
    kubernetesFor(this, { name: props.clusterName, location: props.clusterLocation });
    const { image: imageReference, commit: recordedCommit } =
      "imageHost" in props.image
        ? { image: buildImage(this, config, props.image.imageHost, modelDigest), commit: modelCommit }
        : promoteImage(this, props.image.checkedBy, modelDigest);

    // The namespace and the deployer's rights in it belong to the access stack.
    // A workload state from before that move still holds the namespace:
    // Terraform forgets it there instead of deleting it (and the model with
    // it); on a new state this block does nothing (Terraform >= 1.7 `removed`).
    this.addOverride("removed", [{ from: "kubernetes_namespace_v1.namespace", lifecycle: { destroy: false } }]);
    const labels = { app: config.appName };
    const metadata = { name: config.appName, namespace: environment.namespace, labels };

    /** One pod template for the stable and the canary pods: they differ only in labels and model. */
    const podTemplate = (podLabels: Record<string, string>, digest: string, image: string): DeploymentV1SpecTemplate => ({
      metadata: { labels: podLabels, annotations: { "model-digest": digest } },
      spec: {
        // The `restricted` Pod Security Standard, which the namespace
        // enforces and the access stack's admission policy checks. The
        // user is set here, not only in the image, so that an image whose
        // USER is root (MLEM's) or a name (BentoML's) still runs, and
        // runAsNonRoot can check it: Kubernetes cannot verify a name.
        securityContext: {
          runAsNonRoot: true,
          runAsUser: String(SERVER_USER),
          runAsGroup: String(SERVER_USER),
          seccompProfile: { type: "RuntimeDefault" },
        },
        // No Kubernetes API token in the pod: the server never calls the API.
        automountServiceAccountToken: false,
        topologySpreadConstraint: [
          { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: podLabels }] },
        ],
        container: [
          {
            name: config.appName,
            image,
            port: [{ containerPort: config.serverPort, name: "http" }],
            // MLEM's FastAPI server has no health endpoint; its docs page
            // answers once the model is loaded (BentoML: /readyz).
            // Explicit timeouts: Kubernetes' default of 1 s fails a busy
            // server that is slow, not dead.
            startupProbe: { httpGet: { path: config.probePath, port: "http" }, ...STARTUP_PROBE },
            readinessProbe: { httpGet: { path: config.probePath, port: "http" }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 3 },
            livenessProbe: { httpGet: { path: config.probePath, port: "http" }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 5 },
            resources: {
              requests: { cpu: settings.cpuRequest, memory: settings.memoryRequest },
              limits: { cpu: settings.cpuLimit, memory: settings.memoryLimit },
            },
            securityContext: {
              allowPrivilegeEscalation: false,
              privileged: false,
              capabilities: { drop: ["ALL"] },
              // The server writes nothing but temporary files (Python's
              // tempfile, large request bodies), which go to /tmp.
              readOnlyRootFilesystem: true,
            },
            volumeMount: [{ name: SCRATCH.name, mountPath: SCRATCH.path }],
          },
        ],
        volume: [{ name: SCRATCH.name, emptyDir: { sizeLimit: SCRATCH.size } }],
      },
    });
    // Surge one new pod at a time and keep every old one until it is ready:
    // a model that never becomes ready never takes traffic.
    const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: "1", maxUnavailable: "0" } };

    // One pod at a time (maxSurge 1), each within the progress deadline, up
    // to the autoscaler's most pods; never longer than CI's job allows.
    const rolloutTimeout = `${Math.min(settings.maxReplicas * PROGRESS_DEADLINE_SECONDS, ROLLOUT_TIMEOUT_LIMIT_SECONDS)}s`;
    const stableDigest = pinned("stable_digest", modelDigest);
    const stableImage = pinned("stable_image", imageReference);
    const deployment = new DeploymentV1(this, "deployment", {
      metadata,
      spec: {
        replicas: String(settings.replicas),
        // ForceNew (kubernetes provider v2.38.0
        // kubernetes/resource_kubernetes_deployment_v1.go:100-104): a `track` label here
        // would recreate the Deployment and drop every pod. So it selects
        // `app` alone, which canary pods match too; their ReplicaSet has the
        // canary Deployment as controller, and a Deployment adopts only pods
        // and ReplicaSets no controller owns.
        selector: { matchLabels: labels },
        strategy,
        progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
        template: podTemplate(labels, stableDigest, stableImage),
      },
      // Terraform waits for the rollout; a failed one fails the apply. The
      // pods are replaced one at a time, each within the progress deadline,
      // and the autoscaler may have made maxReplicas of them.
      waitForRollout: true,
      timeouts: { create: rolloutTimeout, update: rolloutTimeout },
      // The autoscaler owns the replica count once the Deployment exists.
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
    });

    // The canary: model_digest on canaryReplicas pods beside the stable ones,
    // behind the same Service (it selects `app`, which they carry), so it
    // takes their share of requests. Between canaries it has no pods; it
    // stays so that its Service and the deployer's proxy grant keep their
    // name. No autoscaler (a fixed share) and no disruption budget of its own:
    // a pod under two budgets cannot be evicted at all (Kubernetes docs,
    // "API-initiated eviction"), and the stable budget counts canary pods.
    const canaryLabels = { ...labels, ...CANARY_TRACK };
    const canaryMetadata = { name: canaryName(config.appName), namespace: environment.namespace, labels: canaryLabels };
    const canaryPods = Fn.try([Fn.conditional(Fn.lookup(canary.value, "rolled_back"), 0, config.canaryReplicas), 0]);
    new DeploymentV1(this, "canary_deployment", {
      metadata: canaryMetadata,
      spec: {
        replicas: Token.asString(canaryPods),
        selector: { matchLabels: canaryLabels },
        strategy,
        progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
        template: podTemplate(canaryLabels, modelDigest, imageReference),
      },
      // An unready canary fails the apply (the provider's wait,
      // resource_kubernetes_deployment_v1.go:458-497 at v2.38.0; with no pods
      // it ends at once); the deploy then rolls it back.
      waitForRollout: true,
      timeouts: {
        create: `${config.canaryReplicas * PROGRESS_DEADLINE_SECONDS}s`,
        update: `${config.canaryReplicas * PROGRESS_DEADLINE_SECONDS}s`,
      },
    });
    // The prediction check reaches the canary's pods alone through this
    // Service and the API server's service proxy: no public address (the
    // namespace's admission refuses new ones), no port-forward right.
    const canaryService = new ServiceV1(this, "canary_service", {
      metadata: canaryMetadata,
      spec: {
        type: "ClusterIP",
        selector: canaryLabels,
        port: [{ name: "http", port: config.serverPort, targetPort: String(config.serverPort) }],
      },
    });

    const service = new ServiceV1(this, "service", {
      metadata,
      spec: {
        type: "LoadBalancer",
        loadBalancerIp: props.serviceAddress,
        selector: labels,
        port: [{ name: "http", port: config.serverPort, targetPort: String(config.serverPort) }],
      },
    });

    new PodDisruptionBudgetV1(this, "disruption_budget", {
      metadata,
      spec: { maxUnavailable: "1", selector: { matchLabels: labels } },
    });

    // Extra pods beyond the node pool's room make its autoscaler add nodes.
    new HorizontalPodAutoscalerV2(this, "autoscaler", {
      metadata,
      spec: {
        minReplicas: settings.replicas,
        maxReplicas: settings.maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
        metric: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: settings.cpuTargetPercent } },
          },
        ],
      },
    });

    // What is deployed, written only once the rollout succeeded.
    //
    // resourceKubernetesDeploymentV1Update patches the Deployment, then
    // waits for the rollout and returns its error
    // (resource_kubernetes_deployment_v1.go:313 and :319-326 at v2.38.0;
    // ProgressDeadlineExceeded ends the wait at :477); the plugin SDK then
    // keeps the *planned* values in state (terraform-plugin-sdk issue 476).
    // So nothing read from the Deployment may say "deployed". This record
    // depends on the Deployment: Terraform creates it only after the update,
    // wait included, succeeded. A new digest replaces it; a new commit alone
    // updates it (no rollout: the commit is not in the pod template).
    // create_before_destroy keeps the old record until the new one exists: by
    // default Terraform destroys a replaced resource first, before the
    // Deployment's update, and a failed rollout would leave no record at all.
    // It also makes the image and its push create-before-destroy, harmless:
    // each digest has its own tag, and neither is deleted on destroy.
    //
    // The retry after a failed rollout: state holds the patched Deployment, so
    // the next plan shows only this record's replacement; refresh reads back
    // the same pod template and looks at no status. Unverified, the retry
    // records whatever runs. With verify_rollout (deploys set it), the check
    // below reads the Deployment's status at plan time when the Deployment has
    // no change pending (the retry), or after its update when it has, and
    // refuses the record unless the rollout is complete.
    const rollout = new DataKubernetesResource(this, "rollout", {
      count: Token.asNumber(Fn.conditional(verifyRollout.booleanValue, 1, 0)),
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: deployment.metadata.name, namespace: deployment.metadata.namespace },
      dependsOn: [deployment],
      lifecycle: {
        postcondition: [
          {
            condition: `\${${ROLLOUT_COMPLETE}}`,
            errorMessage: `The rollout of Deployment ${environment.namespace}/${config.appName} is not complete (old pods remain, none is available, or its progress deadline passed), so this model is not recorded as deployed. See \`kubectl -n ${environment.namespace} rollout status deployment/${config.appName}\`, then deploy a fixed model or roll back.`,
          },
        ],
      },
    });
    const deployed = new DataResource(this, "deployed", {
      // During a canary the record keeps what serves: the stable pins (and
      // the deploy passes the recorded rolled_back_from and deployed_at).
      input: {
        digest: stableDigest,
        commit: pinned("stable_commit", recordedCommit),
        image: stableImage,
        rolled_back_from: rolledBackFrom.stringValue,
        deployed_at: deployedAt.stringValue,
      },
      triggersReplace: { model_digest: stableDigest },
      dependsOn: [deployment, rollout],
      lifecycle: { createBeforeDestroy: true },
    });

    const ip = service.status.get(0).loadBalancer.get(0).ingress.get(0).ip;
    new TerraformOutput(this, "url", {
      value: `http://${ip}:${config.serverPort}`,
      description: "Public URL of the model server, on the cluster stack's reserved IP",
    });
    // Named like the variables they report; construct ids must differ, Terraform names need not.
    new TerraformOutput(this, "deployed_model_digest", {
      value: deployed.output.lookup("digest"),
      description: "Digest of the model whose rollout last succeeded (CI compares it with the new digest)",
    }).overrideLogicalId("model_digest");
    new TerraformOutput(this, "deployed_model_commit", {
      value: deployed.output.lookup("commit"),
      description: "Git commit of the model whose rollout last succeeded (deploys refuse commits that do not descend from it)",
    }).overrideLogicalId("model_commit");
    new TerraformOutput(this, "deployed_rolled_back_from", {
      value: deployed.output.lookup("rolled_back_from"),
      description: "Git commit the last rollback left; deploys refuse it and its ancestors unless they are an explicit rollback (empty: none)",
    }).overrideLogicalId("rolled_back_from");
    new TerraformOutput(this, "deployed_deployed_at", {
      value: deployed.output.lookup("deployed_at"),
      description: "When the model of the record was deployed (UTC, RFC 3339; empty if the deploy did not say)",
    }).overrideLogicalId("deployed_at");
    new TerraformOutput(this, "image", {
      value: deployed.output.lookup("image"),
      description: "Image of the model whose rollout last succeeded, pinned by registry digest (what the stable pods run)",
    });
    // What the canary serves now; empty when it has no pods.
    const serving = (value: string) => Fn.try([Fn.conditional(Fn.lookup(canary.value, "rolled_back"), "", value), ""]);
    new TerraformOutput(this, "canary_model_digest", {
      value: serving(modelDigest),
      description: "Digest of the model the canary's pods run; empty when the canary has no pods",
    }).overrideLogicalId("canary_digest");
    new TerraformOutput(this, "canary_model_commit", {
      value: serving(modelCommit),
      description: "Git commit of the model the canary's pods run; empty when the canary has no pods",
    }).overrideLogicalId("canary_commit");
    new TerraformOutput(this, "canary_image", {
      value: serving(imageReference),
      description: "Image the canary's pods run; empty when the canary has no pods",
    });
    new TerraformOutput(this, "canary_replicas", { value: canaryPods, description: "Pods of the canary Deployment" });
    new TerraformOutput(this, "canary_service_name", {
      value: canaryService.metadata.name,
      description: "ClusterIP Service in front of the canary's pods alone, which the deploy's prediction check reaches through the API server's service proxy",
    }).overrideLogicalId("canary_service");
    this.recordChecked(checkedDigest.stringValue, modelDigest, recordedCommit, imageReference, deployed);
  }

  /**
   * "Deployed and checked": the record a later environment promotes from.
   * The deploy applies with checked_model_digest empty, which removes any
   * earlier record (what runs now is unchecked); once the prediction check
   * passed, a second apply with checked_model_digest set to the digest it
   * checked changes nothing else and writes the record. It depends on the
   * deployed record, so it never outlives a failed rollout.
   */
  private recordChecked(checkedDigest: string, modelDigest: string, commit: string, image: string, deployed: DataResource): void {
    const { name, stackId } = this.environment;
    const checked = new DataResource(this, "checked", {
      // (cdktf 0.21 renders a literal "" or 0 in an Op as `undefined`: hence length >= 1.)
      count: Token.asNumber(Fn.conditional(Op.gte(Fn.lengthOf(checkedDigest), 1), 1, 0)),
      input: { digest: modelDigest, commit, image },
      dependsOn: [deployed],
      lifecycle: {
        precondition: [
          {
            condition: Op.eq(checkedDigest, modelDigest),
            errorMessage: `checked_model_digest is not the model_digest this apply deploys to ${name}: record as checked only the digest the prediction check ran against, after its deploy (npx cdktf deploy ${stackId} with both set to it).`,
          },
        ],
      },
    });
    const field = (key: string): string => Fn.try([ref(`${checked.fqn}[0].output.${key}`, this), ""]);
    new TerraformOutput(this, "checked_digest", {
      value: field("digest"),
      description: `Digest deployed to ${name} and checked by a prediction there; empty until then. The next environment runs only this digest`,
    }).overrideLogicalId(RECORD_OUTPUTS.checkedDigest);
    new TerraformOutput(this, "checked_commit", {
      value: field("commit"),
      description: `Git commit of the checked digest in ${name}; empty until then`,
    }).overrideLogicalId(RECORD_OUTPUTS.checkedCommit);
    new TerraformOutput(this, "checked_image_reference", {
      value: field("image"),
      description: `Image (repository@sha256:...) deployed to ${name} and checked; empty until then. The next environment runs exactly this image`,
    }).overrideLogicalId(RECORD_OUTPUTS.checkedImage);
    new TerraformOutput(this, "environment_name", { value: name, description: "Environment this stack serves" }).overrideLogicalId(
      RECORD_OUTPUTS.environment,
    );
  }

  /** What this stack recorded as deployed and checked, read from its state by a later environment's stack. */
  checkedRecord(reader: Construct): { digest: string; commit: string; image: string } {
    const state = this.ensureBackendExists().getRemoteStateDataSource(reader, `record_${this.environment.name.replace(/-/g, "_")}`, this.node.id);
    // A state that predates the record has no such outputs: read as "nothing checked".
    const read = (output: string): string => Fn.try([state.getString(output), ""]);
    return { digest: read(RECORD_OUTPUTS.checkedDigest), commit: read(RECORD_OUTPUTS.checkedCommit), image: read(RECORD_OUTPUTS.checkedImage) };
  }
}

/**
 * The first environment: build the model server's image and push it; the
 * pods run it pinned by registry digest.
 */
function buildImage(stack: WorkloadStack, config: Config, imageHost: string, modelDigest: string): string {
  // The guide's workflow never logged Docker in; here the provider reads the
  // Docker config, whose credential helper (`gcloud auth configure-docker
  // <region>-docker.pkg.dev` writes `credHelpers`: docker-credential-gcloud)
  // fetches a token whenever the provider is configured, for plans and
  // applies alike, and keeps it in memory only. docker provider v3.6.2
  // internal/provider/provider.go:129-140 (config_file, config_file_content),
  // :241-246 (read at configure time) and :355-378 (docker's configfile and
  // GetAuthConfig, which runs the credential helper).
  new DockerProvider(stack, "docker", {
    registryAuth: [{ address: `${config.region}-docker.pkg.dev`, configFile: "~/.docker/config.json" }],
  });

  // Build and push happen when, and only when, the digest changes: it is in
  // the tag and in both resources' `triggers`, which force replacement.
  const triggers = { model_digest: modelDigest };
  const context = `${PROJECT_ROOT}/${config.buildContext}`;
  const image = new Image(stack, "built_image", {
    name: `${imageHost}/${config.appName}:${Fn.replace(modelDigest, ":", "-")}`,
    buildAttribute: { context, platform: "linux/amd64" },
    triggers,
    keepLocally: true,
    lifecycle: {
      // The image is built from the context, whatever digest was passed: a
      // stale or mistyped digest would tag one model with another's name.
      precondition: [
        {
          condition: Op.eq(modelDigest, contextDigest(context)),
          errorMessage: `model_digest is not the digest of the build context ${config.buildContext}: compute it with \`npm run digest -- ${config.buildContext}\` (rolling back means checking the old model out first).`,
        },
      ],
    },
  });
  const pushed = new RegistryImage(stack, "pushed_image", {
    name: image.name,
    triggers,
    keepRemotely: true, // a rollback redeploys an older image; never delete one on destroy
  });
  // Pinned by registry digest: what runs is exactly what was pushed.
  // format(), not a template: a template inside Fn calls (the canary's
  // outputs) renders wrongly in cdktf, and imageHost is a token.
  return Fn.format("%s/%s@%s", [imageHost, config.appName, pushed.sha256Digest]);
}

/**
 * A later environment: the image the environment before it recorded as
 * deployed and checked, by registry digest; no build, no push, no tag. A
 * digest it never checked stops the plan, naming both.
 */
function promoteImage(stack: WorkloadStack, source: WorkloadStack, modelDigest: string): { image: string; commit: string } {
  stack.addDependency(source);
  const record = source.checkedRecord(stack);
  const from = source.environment.name;
  // A plan-time gate: its precondition fails the whole plan, so nothing of
  // this stack changes. The image is read straight from the record, so the
  // plan shows the image a promotion moves to.
  new DataResource(stack, "promotion", {
    input: { digest: modelDigest, image: record.image, from },
    lifecycle: {
      precondition: [
        {
          condition: Op.and(Op.eq(modelDigest, record.digest), Op.gte(Fn.lengthOf(record.image), 1)),
          errorMessage: Fn.format(
            `model_digest %s was never recorded as deployed and checked in ${from}: ${from} recorded %s as checked. Promote only what ${from} deployed and checked (its output ${RECORD_OUTPUTS.checkedDigest}), or deploy and check this digest in ${from} first.`,
            [modelDigest, Fn.conditional(Op.gte(Fn.lengthOf(record.digest), 1), record.digest, "nothing")],
          ),
        },
      ],
    },
  });
  return { image: record.image, commit: record.commit };
}
