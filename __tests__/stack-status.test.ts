// What npm run status makes of a workload state: the rows a person and the
// deploy job's summary read. States shaped as Terraform writes them (format
// version 4); the real ones come from real Terraform in terraform/status.test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { statusMarkdown, statusText, workloadStatus } from "../scripts/stack-status";

const OLD = `sha256:${"a".repeat(64)}`;
const NEW = `sha256:${"b".repeat(64)}`;
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

function state(recorded: string | undefined, running: string, status?: string) {
  const outputs: Record<string, { value: string }> = { url: { value: "http://203.0.113.7:8080" } };
  if (recorded) Object.assign(outputs, { model_digest: { value: recorded }, model_commit: { value: COMMIT }, deployed_at: { value: "2026-12-06T10:02:11.000Z" }, rolled_back_from: { value: "" } });
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
    const workload = { ...workloadStatus(state(OLD, OLD)), rolledBackFrom: "f".repeat(40) };
    const statuses = [
      { stack: "cluster", deployed: true, detail: "deployed: 9 resources (state serial 3)" },
      { stack: "workload", deployed: true, detail: "deployed: 8 resources (state serial 7)", workload },
    ];
    assert.equal(
      statusText(statuses),
      "cluster: deployed: 9 resources (state serial 3)\nworkload: deployed: 8 resources (state serial 7)\n" +
        `  model digest: ${OLD}\n  model commit: ${COMMIT}\n  URL: http://203.0.113.7:8080\n  deployed at: 2026-12-06T10:02:11.000Z\n  last rollout: completed\n` +
        `  rolled back from: ${"f".repeat(40)} (it and its ancestors deploy only with --rollback-to)\n`,
    );
    assert.equal(
      statusMarkdown([{ ...statuses[0], detail: "unknown: a | b" }, statuses[1]]),
      "## What is live\n\n| stack | state |\n|---|---|\n| cluster | unknown: a \\| b |\n| workload | deployed: 8 resources (state serial 7) |\n\n" +
        `| workload | |\n|---|---|\n| model digest | ${OLD} |\n| model commit | ${COMMIT} |\n| URL | http://203.0.113.7:8080 |\n| deployed at | 2026-12-06T10:02:11.000Z |\n| last rollout | completed |\n` +
        `| rolled back from | ${"f".repeat(40)} (it and its ancestors deploy only with --rollback-to) |\n`,
    );
  });
});
