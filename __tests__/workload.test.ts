import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { cpSync, mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { environmentsOf } from "../lib/config";
import { digestPath } from "../lib/digest";
import { CANARY_TRACK, PROGRESS_DEADLINE_SECONDS, ROLLOUT_TIMEOUT_LIMIT_SECONDS, ROLLOUT_COMPLETE, SERVER_USER, WorkloadStack, canaryName } from "../stacks/workload";
import { TerraformJson, resource, synthesize, tempDir, testApp, testConfig } from "./support";

const imageHost = "europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry";

function workload(overrides: Record<string, unknown> = {}): TerraformJson {
  const config = testConfig(overrides);
  const stack = new WorkloadStack(testApp(), "workload", {
    config,
    environment: environmentsOf(config)[0],
    image: { imageHost },
    clusterName: "mlops-kubernetes",
    clusterLocation: "europe-west6-a",
    serviceAddress: "203.0.113.7",
  });
  return synthesize(stack);
}

/** Every `type.name` (or `var.x`, `data.type.name`) address with the attribute path each reference reads. */
function references(value: unknown): Array<{ address: string; path: string[] }> {
  const text = JSON.stringify(value);
  const found: Array<{ address: string; path: string[] }> = [];
  for (const [ref] of text.matchAll(/\b(?:var|data\.[a-z0-9_]+|[a-z]+_[a-z0-9_]+)\.[A-Za-z0-9_-]+(?:\[\d+\]|\.[a-z0-9_]+)*/g)) {
    const parts = ref.replace(/\[(\d+)\]/g, ".$1").split(".");
    const size = parts[0] === "var" ? 2 : parts[0] === "data" ? 3 : 2;
    found.push({ address: parts.slice(0, size).join("."), path: parts.slice(size) });
  }
  return found;
}

/** The configured value at `path` in a block ("0" steps into single nested blocks as cdktf renders them). */
function at(value: any, path: string[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === undefined) return undefined;
    current = Array.isArray(current) ? current[Number(step)] : /^\d+$/.test(step) ? current : current[step];
  }
  return current;
}

/**
 * Which parts of the stack a new value of `variable` reaches: a block is
 * reached when any of its settings (depends_on included) reads the variable,
 * or reads an attribute of a reached block that its configuration does not fix
 * (a computed one, which a replacement makes new). Reading a fixed setting of
 * a reached block (say the Deployment's name) carries nothing.
 */
function reachedBy(json: TerraformJson, variable: string): Set<string> {
  const blocks = new Map<string, any>();
  for (const kind of ["resource", "data"] as const) {
    for (const [type, named] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      for (const [name, body] of Object.entries(named)) blocks.set(`${kind === "data" ? "data." : ""}${type}.${name}`, body);
    }
  }
  for (const [name, body] of Object.entries(json.output ?? {})) blocks.set(`output.${name}`, body);
  const reached = new Set<string>([variable]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, body] of blocks) {
      if (reached.has(address)) continue;
      const { lifecycle: _lifecycle, "//": _metadata, ...settings } = body;
      const carries = references(settings).some(({ address: from, path }) => {
        if (!reached.has(from)) return false;
        if (from.startsWith("var.")) return true;
        const fixed = at(blocks.get(from), path);
        return fixed === undefined || references(fixed).some((r) => reached.has(r.address));
      });
      if (carries) {
        reached.add(address);
        grew = true;
      }
    }
  }
  reached.delete(variable);
  return reached;
}

const reachedByDigest = (json: TerraformJson) => reachedBy(json, "var.model_digest");

const terraformEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1" };
const hasTerraform = () => spawnSync("terraform", ["version"]).status === 0;

describe("workload stack", () => {
  const json = workload();
  const deployment = resource(json, "kubernetes_deployment_v1", "deployment");
  const pod = deployment.spec.template.spec;
  const container = pod.container[0];

  describe("the model_digest variable", () => {
    const variable = json.variable.model_digest;

    it("is a described string with no default", () => {
      assert.equal(variable.type, "string");
      assert.equal(variable.default, undefined);
      assert.equal(variable.nullable, false);
      assert.match(variable.description, /sha256:<64 hex digits>/);
    });

    it("is validated by a pure expression, never a string template", () => {
      assert.deepEqual(variable.validation, [
        {
          condition: '${can(regex("^sha256:[0-9a-f]{64}$", var.model_digest))}',
          error_message: "model_digest must be sha256: followed by 64 lowercase hex digits, as printed by `npm run digest`.",
        },
      ]);
    });

    it("fails a plan in real Terraform with the expected form, and passes a good digest", (t) => {
      if (spawnSync("terraform", ["version"]).status !== 0) return t.skip("terraform is not on PATH");
      // The variable alone needs no provider, so real Terraform can judge it offline.
      const dir = tempDir("tf-variable-");
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ variable: { model_digest: variable }, output: { digest: { value: "${var.model_digest}" } } }));
      const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1" };
      const terraform = (...args: string[]) => spawnSync("terraform", args, { cwd: dir, env, encoding: "utf8" });
      assert.equal(terraform("init", "-input=false").status, 0);
      const good = terraform("plan", "-input=false", "-no-color", `-var=model_digest=sha256:${"0a".repeat(32)}`);
      assert.equal(good.status, 0, good.stderr);
      for (const bad of [`sha256:${"0A".repeat(32)}`, "sha256:abc", "latest", ""]) {
        const plan = terraform("plan", "-input=false", "-no-color", `-var=model_digest=${bad}`);
        assert.equal(plan.status, 1, `${JSON.stringify(bad)} passed`);
        assert.match(plan.stderr.replace(/\s+/g, " "), /model_digest must be sha256: followed by 64 lowercase hex digits/);
      }
    });

    it("uses the same pattern as the digest helper's output", () => {
      const pattern = /^sha256:[0-9a-f]{64}$/;
      assert.match(`sha256:${"ab".repeat(32)}`, pattern);
      for (const bad of [`sha256:${"AB".repeat(32)}`, `sha256:${"a".repeat(63)}`, `md5:${"a".repeat(64)}`, "a".repeat(64)]) {
        assert.doesNotMatch(bad, pattern);
      }
    });
  });

  describe("the model_commit variable", () => {
    const variable = json.variable.model_commit;

    it("is a described string with no default, validated by a pure expression", () => {
      assert.equal(variable.type, "string");
      assert.equal(variable.default, undefined);
      assert.equal(variable.nullable, false);
      assert.match(variable.description, /40 lowercase hex digits/);
      assert.deepEqual(variable.validation, [
        {
          condition: '${can(regex("^[0-9a-f]{40}$", var.model_commit))}',
          error_message: "model_commit must be a full git commit id: 40 lowercase hex digits, as printed by `git rev-parse HEAD`.",
        },
      ]);
    });

    it("fails a plan in real Terraform unless it is a full lowercase commit id", (t) => {
      if (!hasTerraform()) return t.skip("terraform is not on PATH");
      const dir = tempDir("tf-commit-");
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ variable: { model_commit: variable }, output: { commit: { value: "${var.model_commit}" } } }));
      const terraform = (...args: string[]) => spawnSync("terraform", args, { cwd: dir, env: terraformEnv, encoding: "utf8" });
      assert.equal(terraform("init", "-input=false").status, 0);
      const good = terraform("plan", "-input=false", "-no-color", `-var=model_commit=${"0123456789abcdef0123".repeat(2)}`);
      assert.equal(good.status, 0, good.stderr);
      for (const bad of ["0123456", "0123456789ABCDEF0123".repeat(2), `${"a".repeat(40)}\n`, "HEAD", ""]) {
        const plan = terraform("plan", "-input=false", "-no-color", `-var=model_commit=${bad}`);
        assert.equal(plan.status, 1, `${JSON.stringify(bad)} passed`);
        assert.match(plan.stderr.replace(/\s+/g, " "), /model_commit must be a full git commit id: 40 lowercase hex digits/);
      }
    });
  });

  describe("the rolled_back_from variable", () => {
    const variable = json.variable.rolled_back_from;

    it("is empty unless a rollback left a commit, and refuses anything but a full lowercase commit id in real Terraform", (t) => {
      assert.equal(variable.default, "");
      if (!hasTerraform()) return t.skip("terraform is not on PATH");
      const dir = tempDir("tf-rolled-back-");
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ variable: { rolled_back_from: variable }, output: { from: { value: "${var.rolled_back_from}" } } }));
      const terraform = (...args: string[]) => spawnSync("terraform", args, { cwd: dir, env: terraformEnv, encoding: "utf8" });
      assert.equal(terraform("init", "-input=false").status, 0);
      for (const good of ["", "0123456789abcdef0123".repeat(2)]) {
        const plan = terraform("plan", "-input=false", "-no-color", `-var=rolled_back_from=${good}`);
        assert.equal(plan.status, 0, plan.stderr);
      }
      for (const bad of ["0123456", "0123456789ABCDEF0123".repeat(2), "HEAD"]) {
        const plan = terraform("plan", "-input=false", "-no-color", `-var=rolled_back_from=${bad}`);
        assert.equal(plan.status, 1, `${JSON.stringify(bad)} passed`);
        assert.match(plan.stderr.replace(/\s+/g, " "), /rolled_back_from must be empty or a full git commit id/);
      }
    });
  });

  describe("the deployed_at variable", () => {
    it("is empty or a UTC time in RFC 3339, in real Terraform", (t) => {
      const variable = json.variable.deployed_at;
      assert.equal(variable.default, "");
      if (!hasTerraform()) return t.skip("terraform is not on PATH");
      const dir = tempDir("tf-deployed-at-");
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ variable: { deployed_at: variable }, output: { at: { value: "${var.deployed_at}" } } }));
      const terraform = (...args: string[]) => spawnSync("terraform", args, { cwd: dir, env: terraformEnv, encoding: "utf8" });
      assert.equal(terraform("init", "-input=false").status, 0);
      for (const good of ["", "2026-12-06T10:02:11Z", "2026-12-06T10:02:11.123Z"]) {
        const plan = terraform("plan", "-input=false", "-no-color", `-var=deployed_at=${good}`);
        assert.equal(plan.status, 0, plan.stderr);
      }
      for (const bad of ["2026-12-06", "2026-12-06T10:02:11+01:00", "yesterday"]) {
        const plan = terraform("plan", "-input=false", "-no-color", `-var=deployed_at=${bad}`);
        assert.equal(plan.status, 1, `${JSON.stringify(bad)} passed`);
        assert.match(plan.stderr.replace(/\s+/g, " "), /deployed_at must be empty or a UTC time in RFC 3339/);
      }
    });
  });

  describe("the image", () => {
    const image = resource(json, "docker_image", "built_image");
    const pushed = resource(json, "docker_registry_image", "pushed_image");

    it("is built for linux/amd64 from the configured context, relative to the project root", () => {
      assert.deepEqual(image.build, { context: "../../../model-server", platform: "linux/amd64" });
      const other = resource(workload({ buildContext: "../ml-repo/build" }), "docker_image", "built_image");
      assert.equal(other.build.context, "../../../../ml-repo/build");
    });

    it("is named in the registry's repository, tagged by the digest", () => {
      assert.equal(image.name, `${imageHost}/mlops-classifier:\${replace(var.model_digest, ":", "-")}`);
      assert.equal(pushed.name, "${docker_image.built_image.name}");
    });

    it("is rebuilt and pushed again when the digest changes, and kept on destroy", () => {
      assert.deepEqual(image.triggers, { model_digest: "${var.model_digest}" });
      assert.deepEqual(pushed.triggers, { model_digest: "${var.model_digest}" });
      assert.equal(pushed.keep_remotely, true);
    });

    it("refuses a digest that is not its build context's, checked by Terraform before the build", () => {
      const [precondition] = image.lifecycle.precondition;
      assert.equal(
        precondition.condition,
        '${(var.model_digest == format("sha256:%s", sha256(join("", [ for key, val in toset(sort(fileset("../../../model-server", "**"))): format("%s  %s\\n", filesha256("../../../model-server/${val}"), val)]))))}',
      );
      assert.match(precondition.error_message, /^model_digest is not the digest of the build context model-server: compute it with `npm run digest -- model-server`/);
    });

    it("computes in real Terraform the digest that npm run digest prints", (t) => {
      const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" });
      if (terraform.status !== 0) return t.skip("terraform is not on PATH");
      // The stack's working directory is cdktf.out/stacks/workload, three levels below the context's parent.
      const project = tempDir("tf-digest-");
      const stackDir = join(project, "cdktf.out", "stacks", "workload");
      mkdirSync(stackDir, { recursive: true });
      cpSync(join(__dirname, "..", "..", "__tests__"), join(project, "model-server"), { recursive: true });
      writeFileSync(join(project, "model-server", "é weights.bin"), Buffer.from([0, 255, 10]));
      const condition = (digest: string) =>
        image.lifecycle.precondition[0].condition.slice(2, -1).replace("var.model_digest", JSON.stringify(digest));
      const evaluate = (expression: string) =>
        spawnSync("terraform", ["console"], {
          cwd: stackDir,
          input: expression,
          encoding: "utf8",
          env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
        });
      const digest = digestPath(join(project, "model-server"));
      const match = evaluate(condition(digest));
      assert.equal(match.stdout.trim(), "true", match.stderr);
      const other = evaluate(condition(`sha256:${"0".repeat(64)}`));
      assert.equal(other.stdout.trim(), "false", other.stderr);
    });

    // docker provider v3.6.2 internal/provider/provider.go:355-378: the file
    // goes through docker's configfile, whose credential helper
    // (docker-credential-gcloud) gets a token per push; none is in the JSON or state.
    it("is pushed by the docker provider signed in through the Docker config's credential helper, no token", () => {
      assert.deepEqual(json.provider.docker, [
        { registry_auth: [{ address: "europe-west6-docker.pkg.dev", config_file: "~/.docker/config.json" }] },
      ]);
    });
  });

  it("configures the kubernetes provider from data sources, never the cluster resource, signed in by gke-gcloud-auth-plugin", () => {
    const { ignore_annotations: _ignored, ...connection } = json.provider.kubernetes[0];
    assert.deepEqual([connection], [
      {
        host: "https://${data.google_container_cluster.cluster.endpoint}",
        cluster_ca_certificate: "${base64decode(data.google_container_cluster.cluster.master_auth[0].cluster_ca_certificate)}",
        exec: [{ api_version: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: ["--use_application_default_credentials"] }],
      },
    ]);
    assert.equal(json.data.google_client_config, undefined, "data sources are saved in state: its access_token would be");
    const cluster = json.data.google_container_cluster.cluster;
    assert.equal(cluster.name, "mlops-kubernetes");
    assert.equal(cluster.location, "europe-west6-a");
    assert.equal(json.resource.google_container_cluster, undefined);
  });

  // kubernetes provider issue 445: GKE adds these on VPC-native clusters, and a
  // refreshing plan would remove them on every apply.
  it("makes the kubernetes provider ignore the cloud.google.com/neg annotations GKE adds to Services", () => {
    const [pattern, ...others] = json.provider.kubernetes[0].ignore_annotations;
    assert.deepEqual(others, []);
    const matches = (annotation: string) => new RegExp(pattern).test(annotation);
    assert.ok(matches("cloud.google.com/neg"));
    assert.ok(matches("cloud.google.com/neg-status"));
    for (const kept of ["model-digest", "cloud.google.com/load-balancer-type", "cloudXgoogle.com/neg", "example.com/cloud.google.com/neg"]) {
      assert.equal(matches(kept), false, kept);
    }
  });

  describe("the Deployment", () => {
    it("runs the configured replicas of the image pinned by its registry digest", () => {
      assert.deepEqual(deployment.metadata, {
        name: "mlops-classifier",
        namespace: "live",
        labels: { app: "mlops-classifier" },
      });
      assert.equal(deployment.spec.replicas, "2");
      // Pinned by registry digest; during a canary, by the stable_image the deploy read from the outputs.
      assert.equal(container.image, `\${try(var.canary.stable_image, format("%s/%s@%s", "${imageHost}", "mlops-classifier", docker_registry_image.pushed_image.sha256_digest))}`);
      assert.deepEqual(container.port, [{ container_port: 8080, name: "http" }]);
      assert.deepEqual(resource(workload({ serverPort: 3000 }), "kubernetes_deployment_v1", "deployment").spec.template.spec.container[0].port, [
        { container_port: 3000, name: "http" },
      ]);
      assert.equal(resource(workload({ replicas: 3 }), "kubernetes_deployment_v1", "deployment").spec.replicas, "3");
    });

    it("probes readiness, liveness and start-up on the FastAPI docs page, or the configured path", () => {
      for (const probe of ["startup_probe", "readiness_probe", "liveness_probe"]) {
        assert.deepEqual(container[probe].http_get, { path: "/docs", port: "http" }, probe);
      }
      const bento = resource(workload({ probePath: "/readyz" }), "kubernetes_deployment_v1", "deployment").spec.template.spec.container[0];
      assert.deepEqual(bento.liveness_probe.http_get, { path: "/readyz", port: "http" });
    });

    it("gives every probe an explicit timeout instead of Kubernetes' 1 s default", () => {
      assert.deepEqual(
        Object.fromEntries(["startup_probe", "readiness_probe", "liveness_probe"].map((probe) => [probe, container[probe].timeout_seconds])),
        { startup_probe: 3, readiness_probe: 3, liveness_probe: 5 },
      );
      for (const probe of ["startup_probe", "readiness_probe", "liveness_probe"]) {
        assert.ok(container[probe].timeout_seconds < container[probe].period_seconds, `${probe} times out within its period`);
      }
    });

    // The restricted Pod Security Standard; admission-policy.test.ts runs the
    // namespace's policy on this pod, model-server-restricted.test.ts the
    // server under these settings.
    it("runs the pod as a non-root user, by number, with the runtime's default seccomp profile", () => {
      assert.equal(SERVER_USER, 65534);
      assert.deepEqual(pod.security_context, {
        run_as_non_root: true,
        run_as_user: "65534",
        run_as_group: "65534",
        seccomp_profile: { type: "RuntimeDefault" },
      });
    });

    it("runs the container unprivileged: no privilege escalation, every capability dropped, a read-only root", () => {
      assert.deepEqual(container.security_context, {
        allow_privilege_escalation: false,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        read_only_root_filesystem: true,
      });
    });

    it("gives the container one writable directory, /tmp, an emptyDir of bounded size", () => {
      assert.deepEqual(container.volume_mount, [{ name: "tmp", mount_path: "/tmp" }]);
      assert.deepEqual(pod.volume, [{ name: "tmp", empty_dir: { size_limit: "256Mi" } }]);
    });

    it("mounts no Kubernetes API token", () => {
      assert.equal(pod.automount_service_account_token, false);
      assert.equal(pod.service_account_name, undefined, "the namespace's default account, which no Role names");
    });

    it("requests and limits resources", () => {
      assert.deepEqual(container.resources, {
        requests: { cpu: "250m", memory: "512Mi" },
        limits: { cpu: "1", memory: "1Gi" },
      });
    });

    it("rolls out without taking a ready pod away, and waits for the rollout", () => {
      assert.deepEqual(deployment.spec.strategy, {
        type: "RollingUpdate",
        rolling_update: { max_surge: "1", max_unavailable: "0" },
      });
      assert.equal(deployment.wait_for_rollout, true);
    });

    // Issue 10: a 300 s deadline equal to the 60 x 5 s start-up budget failed a
    // slow image pull plus model load that would have succeeded.
    it("gives a new pod longer than its image pull plus the whole start-up budget before the rollout fails", () => {
      const startup = container.startup_probe;
      const startupBudget = startup.period_seconds * startup.failure_threshold;
      assert.equal(startupBudget, 300);
      assert.equal(deployment.spec.progress_deadline_seconds, startupBudget + 180);
      assert.equal(PROGRESS_DEADLINE_SECONDS, deployment.spec.progress_deadline_seconds);
    });

    it("waits for a rollout long enough to replace the autoscaler's most pods one by one", () => {
      assert.deepEqual(deployment.timeouts, { create: "1920s", update: "1920s" });
      const five = resource(workload({ maxReplicas: 5 }), "kubernetes_deployment_v1", "deployment");
      assert.deepEqual(five.timeouts, { create: `${5 * PROGRESS_DEADLINE_SECONDS}s`, update: `${5 * PROGRESS_DEADLINE_SECONDS}s` });
      // 100 pods would wait 13 hours: capped, so CI's deploy job outlives the wait and unlocks the state itself.
      const many = resource(workload({ replicas: 2, maxReplicas: 100 }), "kubernetes_deployment_v1", "deployment");
      assert.deepEqual(many.timeouts, { create: `${ROLLOUT_TIMEOUT_LIMIT_SECONDS}s`, update: `${ROLLOUT_TIMEOUT_LIMIT_SECONDS}s` });
    });

    it("carries the model digest as a pod annotation", () => {
      assert.deepEqual(deployment.spec.template.metadata.annotations, { "model-digest": "${try(var.canary.stable_digest, var.model_digest)}" });
    });

    it("leaves the replica count to the autoscaler once created", () => {
      assert.deepEqual(deployment.lifecycle, { ignore_changes: ["spec[0].replicas"] });
    });
  });

  it("exposes the model on a LoadBalancer Service on the cluster stack's reserved IP, port 8080 to 8080", () => {
    const service = resource(json, "kubernetes_service_v1", "service");
    assert.equal(service.metadata.name, "mlops-classifier");
    assert.deepEqual(service.spec, {
      type: "LoadBalancer",
      load_balancer_ip: "203.0.113.7",
      selector: { app: "mlops-classifier" },
      port: [{ name: "http", port: 8080, target_port: "8080" }],
    });
    const bento = resource(workload({ serverPort: 3000 }), "kubernetes_service_v1", "service");
    assert.deepEqual(bento.spec.port, [{ name: "http", port: 3000, target_port: "3000" }]);
    assert.equal(json.resource.kubernetes_namespace_v1, undefined, "the access stack makes the namespace");
    // A state from before the move forgets the namespace instead of deleting it with the model in it.
    assert.deepEqual(json.removed, [{ from: "kubernetes_namespace_v1.namespace", lifecycle: { destroy: false } }]);
  });

  it("keeps a pod through voluntary disruptions and scales on CPU within bounds", () => {
    const budget = resource(json, "kubernetes_pod_disruption_budget_v1", "disruption_budget");
    assert.deepEqual(budget.spec, { max_unavailable: "1", selector: { match_labels: { app: "mlops-classifier" } } });
    const autoscaler = resource(workload({ replicas: 2, maxReplicas: 6, cpuTargetPercent: 60 }), "kubernetes_horizontal_pod_autoscaler_v2", "autoscaler");
    assert.equal(autoscaler.spec.min_replicas, 2);
    assert.equal(autoscaler.spec.max_replicas, 6);
    assert.deepEqual(autoscaler.spec.scale_target_ref, {
      api_version: "apps/v1",
      kind: "Deployment",
      name: "${kubernetes_deployment_v1.deployment.metadata[0].name}",
    });
    assert.deepEqual(autoscaler.spec.metric[0].resource, { name: "cpu", target: { type: "Utilization", average_utilization: 60 } });
  });

  it("names its objects from config", () => {
    const named = workload({ namespace: "staging", appName: "iris" });
    assert.equal(resource(named, "kubernetes_deployment_v1", "deployment").metadata.namespace, "staging");
    assert.equal(resource(named, "kubernetes_service_v1", "service").spec.selector.app, "iris");
  });

  // model_digest and model_commit are read from the deployed record, never
  // from the Deployment: after a failed rollout the SDK keeps the Deployment's
  // planned values in state (terraform-plugin-sdk issue 476).
  it("outputs the public URL, the digest, commit and image of the deployed record, the checked record, the environment and what the canary runs", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries<any>(json.output).map(([name, output]) => [name, output.value])),
      {
        url: "http://${kubernetes_service_v1.service.status[0].load_balancer[0].ingress[0].ip}:8080",
        model_digest: '${terraform_data.deployed.output["digest"]}',
        model_commit: '${terraform_data.deployed.output["commit"]}',
        rolled_back_from: '${terraform_data.deployed.output["rolled_back_from"]}',
        deployed_at: '${terraform_data.deployed.output["deployed_at"]}',
        image: '${terraform_data.deployed.output["image"]}',
        canary_digest: '${try(var.canary.rolled_back ? "" : var.model_digest, "")}',
        canary_commit: '${try(var.canary.rolled_back ? "" : var.model_commit, "")}',
        canary_image: `\${try(var.canary.rolled_back ? "" : format("%s/%s@%s", "${imageHost}", "mlops-classifier", docker_registry_image.pushed_image.sha256_digest), "")}`,
        canary_replicas: "${try(var.canary.rolled_back ? 0 : 1, 0)}",
        canary_service: "${kubernetes_service_v1.canary_service.metadata[0].name}",
        checked_model_digest: '${try(terraform_data.checked[0].output.digest, "")}',
        checked_model_commit: '${try(terraform_data.checked[0].output.commit, "")}',
        checked_image: '${try(terraform_data.checked[0].output.image, "")}',
        environment: "production",
      },
    );
  });

  describe("the deployed record", () => {
    const deployed = resource(json, "terraform_data", "deployed");
    const rollout = json.data.kubernetes_resource.rollout;

    it("holds the digest and the commit, and is replaced by a new digest only", () => {
      assert.deepEqual(deployed.input, {
        digest: "${try(var.canary.stable_digest, var.model_digest)}",
        commit: "${try(var.canary.stable_commit, var.model_commit)}",
        image: `\${try(var.canary.stable_image, format("%s/%s@%s", "${imageHost}", "mlops-classifier", docker_registry_image.pushed_image.sha256_digest))}`,
        rolled_back_from: "${var.rolled_back_from}",
        deployed_at: "${var.deployed_at}",
      });
      assert.deepEqual(deployed.triggers_replace, { model_digest: "${try(var.canary.stable_digest, var.model_digest)}" });
    });

    it("is written only after the Deployment's update, rollout wait included, succeeded", () => {
      assert.deepEqual(deployed.depends_on, ["kubernetes_deployment_v1.deployment", "data.kubernetes_resource.rollout"]);
    });

    it("keeps the old record until the new one exists (create before destroy)", () => {
      assert.deepEqual(deployed.lifecycle, { create_before_destroy: true });
    });

    it("verifies the rollout from the Deployment's status only when verify_rollout is set", () => {
      assert.deepEqual(json.variable.verify_rollout, {
        type: "bool",
        nullable: false,
        default: false,
        description: json.variable.verify_rollout.description,
      });
      assert.equal(rollout.count, "${var.verify_rollout ? 1 : 0}");
      assert.equal(rollout.api_version, "apps/v1");
      assert.equal(rollout.kind, "Deployment");
      assert.deepEqual(rollout.metadata, {
        name: "${kubernetes_deployment_v1.deployment.metadata[0].name}",
        namespace: "${kubernetes_deployment_v1.deployment.metadata[0].namespace}",
      });
      // depends_on defers the read to apply while the Deployment has changes
      // pending, and lets it run at plan time on a retry.
      assert.deepEqual(rollout.depends_on, ["kubernetes_deployment_v1.deployment"]);
      const [postcondition] = rollout.lifecycle.postcondition;
      assert.equal(postcondition.condition, `\${${ROLLOUT_COMPLETE}}`);
      assert.match(postcondition.error_message, /^The rollout of Deployment live\/mlops-classifier is not complete .* `kubectl -n live rollout status deployment\/mlops-classifier`/);
    });

    // The record, its variables and outputs verbatim in real Terraform; the
    // Deployment is a stand-in that, like resourceKubernetesDeploymentV1Update
    // under the plugin SDK, saves its new values and then fails (a
    // postcondition is checked after the new object is saved in state).
    it("survives a failed rollout, and the retry plans and records it, in real Terraform", (t) => {
      if (!hasTerraform()) return t.skip("terraform is not on PATH");
      // The image comes from a push this stand-in lacks; the simulator's test covers it (terraform/canary.test.ts).
      const { image: _image, ...input } = deployed.input;
      const record = { ...structuredClone(deployed), input };
      record.depends_on = ["terraform_data.deployment"];
      const dir = tempDir("tf-record-");
      writeFileSync(
        join(dir, "main.tf.json"),
        JSON.stringify({
          variable: {
            model_digest: json.variable.model_digest,
            model_commit: json.variable.model_commit,
            canary: json.variable.canary,
            rolled_back_from: json.variable.rolled_back_from,
            deployed_at: json.variable.deployed_at,
            fail_rollout: { type: "bool", default: false },
          },
          resource: {
            terraform_data: {
              deployment: {
                input: { image: "${var.model_digest}" },
                lifecycle: { postcondition: [{ condition: '${var.fail_rollout ? self.output.image == "never" : true}', error_message: "rollout failed" }] },
              },
              deployed: record,
            },
          },
          output: { model_digest: json.output.model_digest, model_commit: json.output.model_commit },
        }),
      );
      const terraform = (...args: string[]) => spawnSync("terraform", args, { cwd: dir, env: terraformEnv, encoding: "utf8" });
      const vars = (digest: string, commit: string, fail = false) => [`-var=model_digest=${digest}`, `-var=model_commit=${commit}`, `-var=fail_rollout=${fail}`];
      const outputs = () => {
        const shown = JSON.parse(terraform("output", "-json").stdout);
        return { digest: shown.model_digest?.value, commit: shown.model_commit?.value };
      };
      const planned = (...args: string[]) => {
        const plan = terraform("plan", "-input=false", "-no-color", "-out=next.tfplan", ...args);
        assert.equal(plan.status, 0, plan.stderr);
        const changes = JSON.parse(terraform("show", "-json", "next.tfplan").stdout).resource_changes;
        return Object.fromEntries(changes.map((change: any) => [change.address, change.change.actions.join(",")]));
      };
      const [a, b] = [`sha256:${"a".repeat(64)}`, `sha256:${"b".repeat(64)}`];
      const [one, two, three] = ["1", "2", "3"].map((digit) => digit.repeat(40));
      assert.equal(terraform("init", "-input=false").status, 0);
      const first = terraform("apply", "-auto-approve", "-input=false", "-no-color", ...vars(a, one));
      assert.equal(first.status, 0, first.stderr);
      assert.deepEqual(outputs(), { digest: a, commit: one });

      const failed = terraform("apply", "-auto-approve", "-input=false", "-no-color", ...vars(b, two, true));
      assert.equal(failed.status, 1);
      assert.match(failed.stderr, /rollout failed/);
      const state = JSON.parse(terraform("show", "-json").stdout).values.root_module.resources;
      const inState = (address: string) => state.find((r: any) => r.address === address)?.values.output;
      assert.equal(inState("terraform_data.deployment").image, b, "the stand-in kept its planned values, as the SDK does");
      // Terraform keeps the last outputs of a failed apply; the record itself must survive too.
      assert.deepEqual(inState("terraform_data.deployed"), { digest: a, commit: one, rolled_back_from: "", deployed_at: "" }, "a failed rollout leaves the old record");
      assert.deepEqual(outputs(), { digest: a, commit: one });

      // The retry: the Deployment's state already holds the new digest, so
      // only the record is planned; it is what says "not deployed yet".
      assert.deepEqual(planned(...vars(b, two)), { "terraform_data.deployment": "no-op", "terraform_data.deployed": "create,delete" });
      assert.equal(terraform("apply", "-auto-approve", "-input=false", "-no-color", "next.tfplan").status, 0);
      assert.deepEqual(outputs(), { digest: b, commit: two });

      // A new commit with the same model updates the record in place and rolls nothing out.
      assert.deepEqual(planned(...vars(b, three)), { "terraform_data.deployment": "no-op", "terraform_data.deployed": "update" });
    });

    // The retry's verification in real Terraform: the rollout check's count,
    // depends_on and postcondition verbatim, reading a stand-in of the
    // Deployment's status (a local state file's output, through Terraform's
    // built-in terraform_remote_state) instead of the cluster.
    it("lets a retry record a failed rollout only once its status says complete, with verify_rollout, in real Terraform", (t) => {
      if (!hasTerraform()) return t.skip("terraform is not on PATH");
      const dir = tempDir("tf-verify-");
      const statusFile = join(dir, "deployment.tfstate");
      const ctyType = (value: unknown): unknown =>
        Array.isArray(value)
          ? ["tuple", value.map(ctyType)]
          : typeof value === "object" && value !== null
            ? ["object", Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, ctyType(inner)]))]
            : typeof value === "boolean" ? "bool" : typeof value;
      const deploymentIs = (generation: number, status: Record<string, unknown>) => {
        const object = { metadata: { generation }, status };
        writeFileSync(statusFile, JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "status", outputs: { object: { value: object, type: ctyType(object) } }, resources: [] }));
      };
      const complete = (generation: number) =>
        deploymentIs(generation, { observedGeneration: generation, replicas: 2, updatedReplicas: 2, availableReplicas: 2, conditions: [{ type: "Progressing", reason: "NewReplicaSetAvailable" }] });
      const check = structuredClone(rollout);
      const { image: _image, ...input } = deployed.input;
      const record = { ...structuredClone(deployed), input };
      record.depends_on = ["terraform_data.deployment", "data.terraform_remote_state.rollout"];
      writeFileSync(
        join(dir, "main.tf.json"),
        JSON.stringify({
          variable: {
            model_digest: json.variable.model_digest,
            model_commit: json.variable.model_commit,
            verify_rollout: json.variable.verify_rollout,
            canary: json.variable.canary,
            rolled_back_from: json.variable.rolled_back_from,
            deployed_at: json.variable.deployed_at,
            fail_rollout: { type: "bool", default: false },
          },
          data: {
            terraform_remote_state: {
              rollout: {
                count: check.count,
                backend: "local",
                config: { path: statusFile },
                depends_on: ["terraform_data.deployment"],
                lifecycle: {
                  postcondition: check.lifecycle.postcondition.map((condition: any) => ({ ...condition, condition: condition.condition.replace(/\bself\.object\./g, "self.outputs.object.") })),
                },
              },
            },
          },
          resource: {
            terraform_data: {
              deployment: {
                input: { image: "${var.model_digest}" },
                lifecycle: { postcondition: [{ condition: '${var.fail_rollout ? self.output.image == "never" : true}', error_message: "rollout failed" }] },
              },
              deployed: record,
            },
          },
          output: { model_digest: json.output.model_digest },
        }),
      );
      const terraform = (...args: string[]) => spawnSync("terraform", args, { cwd: dir, env: terraformEnv, encoding: "utf8" });
      const vars = (digest: string, verify: boolean, fail = false) => [
        `-var=model_digest=${digest}`,
        `-var=model_commit=${"1".repeat(40)}`,
        `-var=verify_rollout=${verify}`,
        `-var=fail_rollout=${fail}`,
      ];
      const recorded = () => JSON.parse(terraform("output", "-json").stdout).model_digest?.value;
      const [a, b] = [`sha256:${"a".repeat(64)}`, `sha256:${"b".repeat(64)}`];
      assert.equal(terraform("init", "-input=false").status, 0);

      // First deploy: the status is read after the Deployment's creation.
      complete(1);
      const first = terraform("apply", "-auto-approve", "-input=false", "-no-color", ...vars(a, true));
      assert.equal(first.status, 0, first.stderr);
      assert.equal(recorded(), a);

      // The rollout of b fails; the Deployment's state holds b anyway.
      deploymentIs(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2, conditions: [{ type: "Progressing", reason: "ProgressDeadlineExceeded" }] });
      assert.equal(terraform("apply", "-auto-approve", "-input=false", "-no-color", ...vars(b, true, true)).status, 1);
      assert.equal(recorded(), a);

      // The retry reads the status at plan time and refuses to record b.
      const refused = terraform("plan", "-input=false", "-no-color", ...vars(b, true));
      assert.equal(refused.status, 1);
      assert.match(refused.stderr.replace(/\s+/g, " "), /The rollout of Deployment live\/mlops-classifier is not complete/);
      // Unverified, the same retry would record b over pods that still run a.
      assert.equal(terraform("plan", "-input=false", "-no-color", "-detailed-exitcode", ...vars(b, false)).status, 2);

      // Once the rollout completed (say a slow pull finished), the retry records b.
      complete(2);
      const retry = terraform("apply", "-auto-approve", "-input=false", "-no-color", ...vars(b, true));
      assert.equal(retry.status, 0, retry.stderr);
      assert.equal(recorded(), b);
    });

    // Real Terraform judges the condition on Deployment objects as the
    // kubernetes_resource data source returns them (the API's camelCase).
    it("calls a rollout complete, in real Terraform, only when no old pod remains, one is available and no deadline passed", (t) => {
      if (!hasTerraform()) return t.skip("terraform is not on PATH");
      const status = (fields: Record<string, unknown>) => ({
        metadata: { generation: 3 },
        status: { observedGeneration: 3, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, ...fields },
      });
      const progressing = (reason: string) => [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
        { type: "Progressing", status: reason === "ProgressDeadlineExceeded" ? "False" : "True", reason },
      ];
      const cases: Array<[string, unknown, boolean]> = [
        ["complete", status({ conditions: progressing("NewReplicaSetAvailable") }), true],
        ["the autoscaler adding a pod after a complete rollout", status({ replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, conditions: progressing("ReplicaSetUpdated") }), true],
        ["rolling: one new pod, old pods kept", status({ replicas: 3, updatedReplicas: 1, conditions: progressing("ReplicaSetUpdated") }), false],
        ["failed: progress deadline exceeded, old pods kept", status({ replicas: 3, updatedReplicas: 1, readyReplicas: 2, conditions: progressing("ProgressDeadlineExceeded") }), false],
        ["a new generation not yet observed", status({ observedGeneration: 2, conditions: progressing("NewReplicaSetAvailable") }), false],
        ["no pod available", status({ readyReplicas: null, availableReplicas: null, conditions: progressing("ReplicaSetUpdated") }), false],
        ["no status yet", { metadata: { generation: 1 }, status: null }, false],
      ];
      const dir = tempDir("tf-rollout-");
      const locals = Object.fromEntries(cases.map(([, object], index) => [`case${index}`, { object }]));
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals }));
      // One expression: the console evaluates piped input as a whole.
      const each = cases.map((_, index) => `tostring(${ROLLOUT_COMPLETE.replace(/\bself\./g, `local.case${index}.`)})`);
      const run = spawnSync("terraform", ["console"], { cwd: dir, input: `join(",", [${each.join(", ")}])\n`, encoding: "utf8", env: terraformEnv });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        JSON.parse(run.stdout.trim()).split(",").map((result: string, index: number) => `${cases[index][0]}: ${result}`),
        cases.map(([what, , complete]) => `${what}: ${complete}`),
      );
    });
  });

  describe("what a new digest touches", () => {
    const reached = reachedByDigest(json);

    it("is only the image, its push, the Deployment, the rollout check, the deployed and checked records and the outputs that report them", () => {
      assert.deepEqual([...reached].sort(), [
        "data.kubernetes_resource.rollout",
        "docker_image.built_image",
        "docker_registry_image.pushed_image",
        "kubernetes_deployment_v1.canary_deployment",
        "kubernetes_deployment_v1.deployment",
        "output.canary_digest",
        "output.canary_image",
        "output.checked_image",
        "output.checked_model_commit",
        "output.checked_model_digest",
        "output.deployed_at",
        "output.image",
        "output.model_commit",
        "output.model_digest",
        "output.rolled_back_from",
        "terraform_data.checked",
        "terraform_data.deployed",
      ]);
    });

    it("replaces the deployed record (its triggers_replace reads the digest)", () => {
      assert.ok(references(resource(json, "terraform_data", "deployed").triggers_replace).some((r) => r.address === "var.model_digest"));
    });

    it("reaches the Deployment only through its pod template (an in-place rolling update)", () => {
      const { template, ...rest } = deployment.spec;
      assert.equal(references(deployment.metadata).some((r) => r.address === "var.model_digest"), false);
      assert.equal(JSON.stringify(rest).includes("model_digest") || JSON.stringify(rest).includes("pushed_image"), false);
      assert.ok(JSON.stringify(template).includes("var.model_digest"));
    });

    it("never reaches the Service (its public IP), the PDB or the HPA", () => {
      for (const untouched of [
        "kubernetes_service_v1.service",
        "kubernetes_pod_disruption_budget_v1.disruption_budget",
        "kubernetes_horizontal_pod_autoscaler_v2.autoscaler",
        "output.url",
      ]) {
        assert.equal(reached.has(untouched), false, untouched);
      }
    });

    it("leaves out the Service's reserved IP, which comes from the cluster stack", () => {
      assert.equal(resource(json, "kubernetes_service_v1", "service").spec.load_balancer_ip, "203.0.113.7");
    });

    it("would be caught if the Service read the digest (the check can fail)", () => {
      const tampered = structuredClone(json);
      tampered.resource.kubernetes_service_v1.service.metadata.annotations = { image: "${docker_registry_image.pushed_image.sha256_digest}" };
      assert.ok(reachedByDigest(tampered).has("kubernetes_service_v1.service"));
    });
  });

  describe("what a new commit alone touches", () => {
    const reached = reachedBy(json, "var.model_commit");

    it("is only the deployed and checked records, updated in place, and the outputs read from them: no build, no push, no rollout", () => {
      assert.deepEqual([...reached].sort(), [
        "output.canary_commit",
        "output.checked_image",
        "output.checked_model_commit",
        "output.checked_model_digest",
        "output.deployed_at",
        "output.image",
        "output.model_commit",
        "output.model_digest",
        "output.rolled_back_from",
        "terraform_data.checked",
        "terraform_data.deployed",
      ]);
      const deployed = resource(json, "terraform_data", "deployed");
      assert.equal(references(deployed.triggers_replace).some((r) => r.address === "var.model_commit"), false, "a commit must not replace the record");
      assert.equal(JSON.stringify(deployment).includes("model_commit"), false, "the pod template must not hold the commit");
    });
  });
});

describe("the canary", () => {
  const json = workload({ appName: "mlops-classifier", canaryReplicas: 2 });
  const stable = resource(json, "kubernetes_deployment_v1", "deployment");
  const canary = resource(json, "kubernetes_deployment_v1", "canary_deployment");

  it("keeps the stable Deployment's selector `app` alone: the selector is ForceNew, a new label would recreate it", () => {
    assert.deepEqual(stable.spec.selector.match_labels, { app: "mlops-classifier" });
  });

  it("runs its own Deployment whose selector and pods carry `app` and `track: canary`, so the Service serves its pods and its selector is its own", () => {
    assert.equal(canary.metadata.name, canaryName("mlops-classifier"));
    assert.deepEqual(canary.spec.selector.match_labels, { app: "mlops-classifier", ...CANARY_TRACK });
    assert.deepEqual(canary.spec.template.metadata.labels, { app: "mlops-classifier", track: "canary" });
    assert.deepEqual(resource(json, "kubernetes_service_v1", "service").spec.selector, { app: "mlops-classifier" });
  });

  it("runs the same pod as the stable Deployment but the new model: only labels, digest and image differ", () => {
    const strip = (template: any) => {
      const copy = structuredClone(template);
      delete copy.metadata;
      delete copy.spec.container[0].image;
      delete copy.spec.topology_spread_constraint[0].label_selector;
      return copy;
    };
    assert.deepEqual(strip(canary.spec.template), strip(stable.spec.template));
    assert.equal(canary.spec.template.metadata.annotations["model-digest"], "${var.model_digest}");
    assert.match(canary.spec.template.spec.container[0].image, /docker_registry_image\.pushed_image\.sha256_digest\)\}$/);
  });

  it("has canaryReplicas pods while a canary runs, none when rolled back or when there is no canary", () => {
    assert.equal(canary.spec.replicas, "${try(var.canary.rolled_back ? 0 : 2, 0)}");
    assert.equal(canary.lifecycle, undefined, "no autoscaler owns its count: nothing ignores it");
    assert.equal(canary.wait_for_rollout, true, "an unready canary must fail the apply");
  });

  it("has no autoscaler and no disruption budget of its own (a pod under two budgets cannot be evicted)", () => {
    assert.deepEqual(Object.keys(json.resource!.kubernetes_horizontal_pod_autoscaler_v2), ["autoscaler"]);
    assert.deepEqual(Object.keys(json.resource!.kubernetes_pod_disruption_budget_v1), ["disruption_budget"]);
  });

  it("is reached by a ClusterIP Service of its own that selects its pods alone (no public address)", () => {
    const service = resource(json, "kubernetes_service_v1", "canary_service");
    assert.equal(service.metadata.name, "mlops-classifier-canary");
    assert.equal(service.spec.type, "ClusterIP");
    assert.equal(service.spec.load_balancer_ip, undefined);
    assert.deepEqual(service.spec.selector, { app: "mlops-classifier", track: "canary" });
    assert.equal(json.output!.canary_service.value, "${kubernetes_service_v1.canary_service.metadata[0].name}");
  });

  it("pins the stable Deployment and the record to var.canary's stable_* during a canary", () => {
    assert.equal(stable.spec.template.metadata.annotations["model-digest"], "${try(var.canary.stable_digest, var.model_digest)}");
    assert.match(stable.spec.template.spec.container[0].image, /^\$\{try\(var\.canary\.stable_image, /);
    const record = resource(json, "terraform_data", "deployed");
    assert.equal(record.input.digest, "${try(var.canary.stable_digest, var.model_digest)}");
    assert.equal(record.input.commit, "${try(var.canary.stable_commit, var.model_commit)}");
    assert.equal(json.variable!.canary.default, null);
    assert.equal(json.variable!.canary.nullable, true);
  });
});
