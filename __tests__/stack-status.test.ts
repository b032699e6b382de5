// What npm run status makes of a workload state: the rows a person and the
// deploy job's summary read. States shaped as Terraform writes them (format
// version 4); the real ones come from real Terraform in terraform/status.test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isWorkloadStack, statusMarkdown, statusText, workloadStatus } from "../scripts/stack-status";

const OLD = `sha256:${"a".repeat(64)}`;
const NEW = `sha256:${"b".repeat(64)}`;
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

const IMAGE = (digest: string) => `europe-west6-docker.pkg.dev/p/mlops-registry/mlops-classifier@sha256:${digest.slice(-64, -60)}${"0".repeat(60)}`;

function state(recorded: string | undefined, running: string, status?: string, more: Record<string, string | number> = {}) {
  const outputs: Record<string, { value: string | number }> = { url: { value: "http://203.0.113.7:8080" } };
  if (recorded) Object.assign(outputs, { model_digest: { value: recorded }, model_commit: { value: COMMIT }, deployed_at: { value: "2026-12-06T10:02:11.000Z" }, rolled_back_from: { value: "" } });
  for (const [name, value] of Object.entries(more)) outputs[name] = { value };
  const deployment = { mode: "managed", type: "kubernetes_deployment_v1", name: "deployment", instances: [{ ...(status ? { status } : {}), attributes: { spec: [{ template: [{ metadata: [{ annotations: { "model-digest": running } }] }] }] } }] };
  return { version: 4, serial: 7, outputs, resources: [deployment] };
}

describe("npm run status on a workload state", () => {
  it("says a rollout completed when the Deployment runs the recorded digest, and not when a failed one left it on another", () => {
    assert.equal(workloadStatus(state(OLD, OLD)).lastRollout, "completed");
    assert.match(workloadStatus(state(OLD, NEW)).lastRollout, new RegExp(`^not completed: the Deployment was changed to model ${NEW}, but the record still names ${OLD}`));
    assert.match(workloadStatus(state(OLD, OLD, "tainted")).lastRollout, /^not completed: the Deployment's last change failed \(tainted\)/);
    assert.match(workloadStatus(state(undefined, NEW)).lastRollout, /^not completed: .* no rollout was ever recorded$/);
    assert.equal(workloadStatus({ outputs: {}, resources: [] }).lastRollout, "none yet");
  });

  it("prints the workload's digest, commit, URL, time, last rollout and a standing rollback, as text and as the summary's Markdown", () => {
    const workload = { ...workloadStatus(state(OLD, OLD, undefined, { environment: "production", image: IMAGE(OLD), checked_model_digest: "" })), rolledBackFrom: "f".repeat(40) };
    const statuses = [
      { stack: "cluster", deployed: true, detail: "deployed: 9 resources (state serial 3)" },
      { stack: "workload", deployed: true, detail: "deployed: 8 resources (state serial 7)", workload },
    ];
    assert.equal(
      statusText(statuses),
      "cluster: deployed: 9 resources (state serial 3)\nworkload: deployed: 8 resources (state serial 7)\n" +
        `  environment: production\n  model digest: ${OLD}\n  model commit: ${COMMIT}\n  URL: http://203.0.113.7:8080\n  deployed at: 2026-12-06T10:02:11.000Z\n  last rollout: completed\n` +
        `  image: ${IMAGE(OLD)}\n  checked: nothing: no prediction check has passed on what runs here\n  in canary: nothing\n` +
        `  rolled back from: ${"f".repeat(40)} (it and its ancestors deploy only with --rollback-to)\n`,
    );
    assert.equal(
      statusMarkdown([{ ...statuses[0], detail: "unknown: a | b" }, statuses[1]]),
      "## What is live\n\n| stack | state |\n|---|---|\n| cluster | unknown: a \\| b |\n| workload | deployed: 8 resources (state serial 7) |\n\n" +
        `| workload | workload |\n|---|---|\n| environment | production |\n| model digest | ${OLD} |\n| model commit | ${COMMIT} |\n| URL | http://203.0.113.7:8080 |\n| deployed at | 2026-12-06T10:02:11.000Z |\n| last rollout | completed |\n` +
        `| image | ${IMAGE(OLD)} |\n| checked | nothing: no prediction check has passed on what runs here |\n| in canary | nothing |\n` +
        `| rolled back from | ${"f".repeat(40)} (it and its ancestors deploy only with --rollback-to) |\n`,
    );
  });

  it("shows every environment side by side: what each runs, what staging checked, and what is in production's canary", () => {
    const staging = workloadStatus(state(NEW, NEW, undefined, { environment: "staging", image: IMAGE(NEW), checked_model_digest: NEW }));
    const production = workloadStatus(state(OLD, OLD, undefined, { environment: "production", image: IMAGE(OLD), checked_model_digest: OLD, canary_digest: NEW, canary_replicas: 1 }));
    assert.deepEqual(production.canary, { digest: NEW, replicas: "1" });
    assert.equal(workloadStatus(state(OLD, OLD, undefined, { canary_digest: NEW, canary_replicas: 0 })).canary, undefined, "a canary scaled to none serves nothing");
    const statuses = [
      { stack: "workload-staging", deployed: true, detail: "deployed: 8 resources (state serial 4)", workload: staging },
      { stack: "workload", deployed: true, detail: "deployed: 9 resources (state serial 9)", workload: production },
    ];
    assert.match(statusText(statuses), new RegExp(`workload-staging: .*\n  environment: staging\n[^]*  checked: ${NEW}\n  in canary: nothing\nworkload: .*\n  environment: production\n[^]*  in canary: ${NEW} on 1 pods\n$`));
    const markdown = statusMarkdown(statuses);
    assert.match(markdown, /\n\| workload \| workload-staging \| workload \|\n\|---\|---\|---\|\n\| environment \| staging \| production \|\n/);
    assert.match(markdown, new RegExp(`\\| model digest \\| ${NEW} \\| ${OLD} \\|`));
    assert.match(markdown, new RegExp(`\\| URL \\| http://203.0.113.7:8080 \\| http://203.0.113.7:8080 \\|`));
    assert.match(markdown, new RegExp(`\\| checked \\| ${NEW} \\| ${OLD} \\|`));
    assert.match(markdown, new RegExp(`\\| in canary \\| nothing \\| ${NEW} on 1 pods \\|`));
  });

  it("takes every environment's workload stack for a workload, and no other stack", () => {
    assert.deepEqual(["workload", "workload-staging", "workloads", "identity", "access"].map(isWorkloadStack), [true, true, false, false, false]);
  });
});
