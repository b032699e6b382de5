import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { cpSync, mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../lib/digest";
import { WorkloadStack } from "../stacks/workload";
import { TerraformJson, resource, synthesize, tempDir, testApp, testConfig } from "./support";

const imageHost = "europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry";

function workload(overrides: Record<string, unknown> = {}): TerraformJson {
  const stack = new WorkloadStack(testApp(), "workload", {
    config: testConfig(overrides),
    imageHost,
    clusterName: "mlops-kubernetes",
    clusterLocation: "europe-west6-a",
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
 * Which parts of the stack a new `model_digest` reaches: a block is reached
 * when any of its settings reads the variable, or reads an attribute of a
 * reached block that its configuration does not fix (a computed one, which a
 * replacement makes new). Reading a fixed setting of a reached block (say the
 * Deployment's name) carries nothing.
 */
function reachedByDigest(json: TerraformJson): Set<string> {
  const blocks = new Map<string, any>();
  for (const kind of ["resource", "data"] as const) {
    for (const [type, named] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
      for (const [name, body] of Object.entries(named)) blocks.set(`${kind === "data" ? "data." : ""}${type}.${name}`, body);
    }
  }
  for (const [name, body] of Object.entries(json.output ?? {})) blocks.set(`output.${name}`, body);
  const reached = new Set<string>(["var.model_digest"]);
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
  reached.delete("var.model_digest");
  return reached;
}

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
    assert.deepEqual(json.provider.kubernetes, [
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

  describe("the Deployment", () => {
    it("runs the configured replicas of the image pinned by its registry digest", () => {
      assert.deepEqual(deployment.metadata, {
        name: "mlops-classifier",
        namespace: "live",
        labels: { app: "mlops-classifier" },
      });
      assert.equal(deployment.spec.replicas, "2");
      assert.equal(container.image, `${imageHost}/mlops-classifier@\${docker_registry_image.pushed_image.sha256_digest}`);
      assert.deepEqual(container.port, [{ container_port: 8080, name: "http" }]);
      assert.equal(resource(workload({ replicas: 3 }), "kubernetes_deployment_v1", "deployment").spec.replicas, "3");
    });

    it("probes readiness, liveness and start-up on the FastAPI docs page", () => {
      for (const probe of ["startup_probe", "readiness_probe", "liveness_probe"]) {
        assert.deepEqual(container[probe].http_get, { path: "/docs", port: "http" }, probe);
      }
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
      assert.equal(deployment.spec.progress_deadline_seconds, 300);
      assert.deepEqual(deployment.timeouts, { create: "10m", update: "10m" });
    });

    it("carries the model digest as a pod annotation", () => {
      assert.deepEqual(deployment.spec.template.metadata.annotations, { "model-digest": "${var.model_digest}" });
    });

    it("leaves the replica count to the autoscaler once created", () => {
      assert.deepEqual(deployment.lifecycle, { ignore_changes: ["spec[0].replicas"] });
    });
  });

  it("exposes the model on a LoadBalancer Service, port 8080 to 8080", () => {
    const service = resource(json, "kubernetes_service_v1", "service");
    assert.equal(service.metadata.name, "mlops-classifier");
    assert.deepEqual(service.spec, {
      type: "LoadBalancer",
      selector: { app: "mlops-classifier" },
      port: [{ name: "http", port: 8080, target_port: "8080" }],
    });
    assert.equal(json.resource.kubernetes_namespace_v1, undefined, "the access stack makes the namespace");
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

  // model_digest is read back from the Deployment, so an apply that failed
  // before updating it (a failed build or push) leaves the old digest there
  // for CI's "model unchanged" check; the variable itself would be saved anyway.
  it("outputs the public URL, the digest the Deployment runs, and the image", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries<any>(json.output).map(([name, output]) => [name, output.value])),
      {
        url: "http://${kubernetes_service_v1.service.status[0].load_balancer[0].ingress[0].ip}:8080",
        model_digest: '${kubernetes_deployment_v1.deployment.spec[0].template[0].metadata[0].annotations["model-digest"]}',
        image: `${imageHost}/mlops-classifier@\${docker_registry_image.pushed_image.sha256_digest}`,
      },
    );
  });

  describe("what a new digest touches", () => {
    const reached = reachedByDigest(json);

    it("is only the image, its push, the Deployment and the outputs that report them", () => {
      assert.deepEqual([...reached].sort(), [
        "docker_image.built_image",
        "docker_registry_image.pushed_image",
        "kubernetes_deployment_v1.deployment",
        "output.image",
        "output.model_digest",
      ]);
    });

    it("reaches the Deployment only through its pod template (an in-place rolling update)", () => {
      const { template, ...rest } = deployment.spec;
      assert.equal(references(deployment.metadata).some((r) => r.address === "var.model_digest"), false);
      assert.equal(JSON.stringify(rest).includes("model_digest") || JSON.stringify(rest).includes("pushed_image"), false);
      assert.ok(JSON.stringify(template).includes("${var.model_digest}"));
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

    it("would be caught if the Service read the digest (the check can fail)", () => {
      const tampered = structuredClone(json);
      tampered.resource.kubernetes_service_v1.service.metadata.annotations = { image: "${docker_registry_image.pushed_image.sha256_digest}" };
      assert.ok(reachedByDigest(tampered).has("kubernetes_service_v1.service"));
    });
  });
});
