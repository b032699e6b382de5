// One comment per stack, kept up to date: against recorded GitHub API
// exchanges (fixtures/github/), with no network.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeKept, keepPlanComment } from "../scripts/comments";
import { GitHubClient, GitHubError, GitHubThread } from "../scripts/github";
import { loadRecording, replayFetch } from "./replay";

const TOKEN = "ghs_test0000000000000000000000000000";

function play(name: string, body: string) {
  const recording = loadRecording(name);
  const replay = replayFetch(recording, body, TOKEN);
  const client = new GitHubClient(TOKEN, recording.repository, replay.fetch);
  return { recording, replay, client, thread: new GitHubThread(client, recording.issue) };
}

describe("the plan comment on GitHub", () => {
  it("is created when the pull request has none for the stack, leaving other stacks' and people's comments alone", async () => {
    const body = "<!-- cdktf-plan:workload -->\nPlan: 1 to add, 0 to change, 1 to destroy.\n";
    const { replay, thread } = play("create-comment", body);
    const result = await keepPlanComment(thread, "workload", body);
    replay.done();
    assert.equal(result.action, "created");
    assert.equal(result.comment.id, 1897342);
    assert.equal(result.comment.url, "https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342");
    assert.deepEqual(result.deleted, []);
  });

  it("is updated in place when it exists, even on a later page, and a quoted marker is not taken for it", async () => {
    const body = "<!-- cdktf-plan:workload -->\nNo changes.\n";
    const { replay, thread } = play("update-on-second-page", body);
    const result = await keepPlanComment(thread, "workload", body);
    replay.done();
    assert.equal(result.action, "updated");
    assert.equal(result.comment.id, 1897120);
    assert.equal(result.comment.body, body);
  });

  it("stays one per stack: a duplicate left by racing runs is deleted, the oldest kept", async () => {
    const body = "<!-- cdktf-plan:workload -->\nNo changes.\n";
    const { replay, thread } = play("remove-duplicates", body);
    const result = await keepPlanComment(thread, "workload", body);
    replay.done();
    assert.equal(result.action, "updated");
    assert.equal(result.comment.id, 1897399);
    assert.deepEqual(result.deleted, [1897405]);
  });

  it("fails with the call, the status, GitHub's message and the likely cause when the token is read-only", async () => {
    const body = "<!-- cdktf-plan:cluster -->\nNo changes.\n";
    const { replay, thread } = play("read-only-token", body);
    await assert.rejects(keepPlanComment(thread, "cluster", body), (error: Error) => {
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
    const { thread } = play("create-comment", "");
    await assert.rejects(keepPlanComment(thread, "workload", "No changes.\n"), /must start with its marker <!-- cdktf-plan:workload -->/);
  });

  it("is the pipeline's own: a contributor's comment carrying the marker is left alone, and the pipeline posts its own", async () => {
    const body = "<!-- cdktf-plan:workload -->\n**Plan of stack `workload`:** no changes.";
    const { replay, thread } = play("planted-marker", body);
    const result = await keepPlanComment(thread, "workload", body);
    replay.done();
    assert.equal(result.action, "created");
    assert.equal(result.comment.id, 1897342);
    assert.deepEqual(result.deleted, []);
    assert.deepEqual(result.leftAlone.map((comment) => [comment.id, comment.author]), [[1897001, "mallory"]]);
    assert.equal(
      describeKept(thread, "workload", result),
      "created GitHub comment https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342\n" +
        "left alone GitHub comment https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897001 by mallory: it carries the marker of stack workload, but the pipeline did not write it\n",
    );
  });

  it("updates its own comment and neither edits nor deletes an older planted one as a duplicate", async () => {
    const body = "<!-- cdktf-plan:workload -->\n**Plan of stack `workload`:** no changes.";
    const { replay, thread } = play("planted-before-own", body);
    const result = await keepPlanComment(thread, "workload", body);
    replay.done();
    assert.equal(result.action, "updated");
    assert.equal(result.comment.id, 1897399);
    assert.deepEqual(result.deleted, []);
    assert.deepEqual(result.leftAlone.map((comment) => comment.id), [1897001]);
  });

  it("fails when the token posts as another identity than the one it looks for, naming both and the option", async () => {
    const body = "<!-- cdktf-plan:workload -->\nx";
    const { replay, thread } = play("other-author", body);
    await assert.rejects(
      keepPlanComment(thread, "workload", body),
      new Error(
        "the GitHub comment https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342 was posted as octocat, not as github-actions[bot] (plan:comment --author): the next run would not find it and would post another",
      ),
    );
    replay.done();
  });

  it("takes a GitHub App's bot login as its own when told so", async () => {
    const body = "<!-- cdktf-plan:workload -->\n**Plan of stack `workload`:** no changes.";
    const recording = loadRecording("planted-before-own");
    const replay = replayFetch(recording, body, TOKEN);
    // As the app "plan-bot", the pipeline's comments by github-actions[bot] are not its own: it creates one.
    const thread = new GitHubThread(new GitHubClient(TOKEN, recording.repository, replay.fetch), recording.issue, "plan-bot[bot]");
    const listed = await thread.list();
    assert.deepEqual(listed.map((comment) => comment.own), [false, false]);
  });

  it("refuses a repository that is not owner/name", () => {
    assert.throws(() => new GitHubClient(TOKEN, "acme"), /repository is "acme": expected owner\/name/);
  });
});
