// One comment per stack, kept up to date: against recorded GitHub API
// exchanges (fixtures/github/), with no network.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { GitHubClient, GitHubError, upsertPlanComment } from "../scripts/github";
import { loadRecording, replayFetch } from "./replay";

const TOKEN = "ghs_test0000000000000000000000000000";

function play(name: string, body: string) {
  const recording = loadRecording(name);
  const replay = replayFetch(recording, body, TOKEN);
  return { recording, replay, client: new GitHubClient(TOKEN, recording.repository, replay.fetch) };
}

describe("the plan comment on GitHub", () => {
  it("is created when the pull request has none for the stack, leaving other stacks' and people's comments alone", async () => {
    const body = "<!-- cdktf-plan:workload -->\nPlan: 1 to add, 0 to change, 1 to destroy.\n";
    const { recording, replay, client } = play("create-comment", body);
    const result = await upsertPlanComment(client, recording.issue, "workload", body);
    replay.done();
    assert.equal(result.action, "created");
    assert.equal(result.comment.id, 1897342);
    assert.equal(result.comment.html_url, "https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342");
    assert.deepEqual(result.deleted, []);
  });

  it("is updated in place when it exists, even on a later page, and a quoted marker is not taken for it", async () => {
    const body = "<!-- cdktf-plan:workload -->\nNo changes.\n";
    const { recording, replay, client } = play("update-on-second-page", body);
    const result = await upsertPlanComment(client, recording.issue, "workload", body);
    replay.done();
    assert.equal(result.action, "updated");
    assert.equal(result.comment.id, 1897120);
    assert.equal(result.comment.body, body);
  });

  it("stays one per stack: a duplicate left by racing runs is deleted, the oldest kept", async () => {
    const body = "<!-- cdktf-plan:workload -->\nNo changes.\n";
    const { recording, replay, client } = play("remove-duplicates", body);
    const result = await upsertPlanComment(client, recording.issue, "workload", body);
    replay.done();
    assert.equal(result.action, "updated");
    assert.equal(result.comment.id, 1897399);
    assert.deepEqual(result.deleted, [1897405]);
  });

  it("fails with the call, the status, GitHub's message and the likely cause when the token is read-only", async () => {
    const body = "<!-- cdktf-plan:cluster -->\nNo changes.\n";
    const { recording, replay, client } = play("read-only-token", body);
    await assert.rejects(upsertPlanComment(client, recording.issue, "cluster", body), (error: Error) => {
      assert.ok(error instanceof GitHubError);
      assert.equal(
        error.message,
        "GitHub API POST https://api.github.com/repos/acme/mlops-classifier/issues/7/comments answered 403: Resource not accessible by integration" +
          " (the token needs `pull-requests: write`; a pull request from a fork only ever gets a read-only token)",
      );
      return true;
    });
    replay.done();
  });

  it("refuses a body without the stack's marker, which could never be found again", async () => {
    const { recording, client } = play("create-comment", "");
    await assert.rejects(upsertPlanComment(client, recording.issue, "workload", "No changes.\n"), /must start with its marker <!-- cdktf-plan:workload -->/);
  });

  it("refuses a repository that is not owner/name", () => {
    assert.throws(() => new GitHubClient(TOKEN, "acme"), /repository is "acme": expected owner\/name/);
  });
});
