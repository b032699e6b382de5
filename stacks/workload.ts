// Replaces `mlem deployment run`: build the model server's image, push it,
// and serve it from the cluster. The model digest is the only input that
// changes when the model does; the same digest twice plans "No changes".
import { Fn, Op, TerraformIterator, TerraformOutput, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { Image } from "@cdktf/provider-docker/lib/image";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RegistryImage } from "@cdktf/provider-docker/lib/registry-image";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { DIGEST_PATTERN } from "../lib/digest";
import { GoogleStack, GoogleStackProps, kubernetesFor } from "../lib/google-stack";

/** The port the MLEM FastAPI server listens on, and the Service exposes. */
const SERVER_PORT = 8080;

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

export interface WorkloadStackProps extends GoogleStackProps {
  /** Image path prefix in the registry stack's repository. */
  readonly imageHost: string;
  /** Name of the GKE cluster (cluster stack). */
  readonly clusterName: string;
  /** Zone of the GKE cluster (cluster stack). */
  readonly clusterLocation: string;
}

export class WorkloadStack extends GoogleStack {
  constructor(scope: Construct, id: string, props: WorkloadStackProps) {
    super(scope, id, props);
    const { config } = props;

    const digestVariable = new TerraformVariable(this, "model_digest", {
      type: "string",
      nullable: false,
      description: "Digest of the model server's build context (`npm run digest -- <dir>`): sha256:<64 hex digits>",
    });
    const modelDigest = digestVariable.stringValue;
    digestVariable.addValidation({
      // Built from Fn calls alone: literal text around a token would render
      // a string template, which Terraform rejects as a condition.
      condition: Fn.can(Fn.regex(DIGEST_PATTERN.source, modelDigest)),
      errorMessage: "model_digest must be sha256: followed by 64 lowercase hex digits, as printed by `npm run digest`.",
    });

    // Signed in as whoever runs Terraform, with nothing saved in state.
    kubernetesFor(this, { name: props.clusterName, location: props.clusterLocation });
    // The guide's workflow never logged Docker in; here the provider reads the
    // Docker config, whose credential helper (`gcloud auth configure-docker
    // <region>-docker.pkg.dev` writes `credHelpers`: docker-credential-gcloud)
    // fetches a token whenever the provider is configured, for plans and
    // applies alike, and keeps it in memory only. docker provider v3.6.2
    // internal/provider/provider.go:129-140 (config_file, config_file_content),
    // :241-246 (read at configure time) and :355-378 (docker's configfile and
    // GetAuthConfig, which runs the credential helper).
    new DockerProvider(this, "docker", {
      registryAuth: [{ address: `${config.region}-docker.pkg.dev`, configFile: "~/.docker/config.json" }],
    });

    // Build and push happen when, and only when, the digest changes: it is in
    // the tag and in both resources' `triggers`, which force replacement.
    const triggers = { model_digest: modelDigest };
    const context = `${PROJECT_ROOT}/${config.buildContext}`;
    const image = new Image(this, "built_image", {
      name: `${props.imageHost}/${config.appName}:${Fn.replace(modelDigest, ":", "-")}`,
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
    const pushed = new RegistryImage(this, "pushed_image", {
      name: image.name,
      triggers,
      keepRemotely: true, // a rollback redeploys an older image; never delete one on destroy
    });
    // Pinned by registry digest: what runs is exactly what was pushed.
    const imageReference = `${props.imageHost}/${config.appName}@${pushed.sha256Digest}`;

    // The namespace and the deployer's rights in it belong to the access stack.
    const labels = { app: config.appName };
    const metadata = { name: config.appName, namespace: config.namespace, labels };

    const deployment = new DeploymentV1(this, "deployment", {
      metadata,
      spec: {
        replicas: String(config.replicas),
        selector: { matchLabels: labels },
        // Surge one new pod at a time and keep every old one until it is
        // ready: a model that never becomes ready never takes traffic.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "1", maxUnavailable: "0" } },
        progressDeadlineSeconds: 300,
        template: {
          metadata: { labels, annotations: { "model-digest": modelDigest } },
          spec: {
            automountServiceAccountToken: false,
            topologySpreadConstraint: [
              { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: labels }] },
            ],
            container: [
              {
                name: config.appName,
                image: imageReference,
                port: [{ containerPort: SERVER_PORT, name: "http" }],
                // MLEM's FastAPI server has no health endpoint; its docs page
                // answers once the model is loaded.
                startupProbe: { httpGet: { path: config.probePath, port: "http" }, periodSeconds: 5, failureThreshold: 60 },
                readinessProbe: { httpGet: { path: config.probePath, port: "http" }, periodSeconds: 5, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: config.probePath, port: "http" }, periodSeconds: 20, failureThreshold: 3 },
                resources: {
                  requests: { cpu: config.cpuRequest, memory: config.memoryRequest },
                  limits: { cpu: config.cpuLimit, memory: config.memoryLimit },
                },
                securityContext: { allowPrivilegeEscalation: false },
              },
            ],
          },
        },
      },
      // Terraform waits for the rollout; a failed one fails the apply.
      waitForRollout: true,
      timeouts: { create: "10m", update: "10m" },
      // The autoscaler owns the replica count once the Deployment exists.
      lifecycle: { ignoreChanges: ["spec[0].replicas"] },
    });

    const service = new ServiceV1(this, "service", {
      metadata,
      spec: {
        type: "LoadBalancer",
        selector: labels,
        port: [{ name: "http", port: SERVER_PORT, targetPort: String(SERVER_PORT) }],
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
        minReplicas: config.replicas,
        maxReplicas: config.maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
        metric: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: config.cpuTargetPercent } },
          },
        ],
      },
    });

    const ip = service.status.get(0).loadBalancer.get(0).ingress.get(0).ip;
    new TerraformOutput(this, "url", {
      value: `http://${ip}:${SERVER_PORT}`,
      description: "Public URL of the model server; its API docs are at /docs",
    });
    // Named like the variable it reports; construct ids must differ, Terraform names need not.
    // Read back from the Deployment, not from the variable: Terraform saves
    // outputs even when an apply fails, and a push that failed must not look
    // deployed to the next run (CI compares this with the new digest).
    new TerraformOutput(this, "deployed_model_digest", {
      value: Fn.lookupNested(deployment.spec.template.metadata.annotations, ["model-digest"]),
      description: "Digest of the model the Deployment runs",
    }).overrideLogicalId("model_digest");
    new TerraformOutput(this, "image", { value: imageReference, description: "Image the pods run, pinned by registry digest" });
  }
}
