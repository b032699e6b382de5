// One note per stack on a GitLab merge request, written and edited only by
// the pipeline's own identity: against recorded GitLab API exchanges
// (fixtures/gitlab/), with no network.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeKept, keepPlanComment } from "../scripts/comments";
import { GitLabClient, GitLabError, GitLabThread } from "../scripts/gitlab";
import { loadRecording, replayFetch } from "./replay";

const TOKEN = "glpat-test00000000000000";

async function play(name: string, body: string) {
  const recording = loadRecording(name, "gitlab");
  const replay = replayFetch(recording, body, TOKEN);
  const client = new GitLabClient(TOKEN, recording.api!, recording.project!, replay.fetch);
  const thread = new GitLabThread(client, recording.mergeRequest!, await client.currentUser(), "https://gitlab.com/acme/mlops-classifier");
  return { replay, thread };
}

const BODY = "<!-- cdktf-plan:workload -->\n**Plan of stack `workload`:** no changes.";

describe("the plan note on GitLab", () => {
  it("updates the token's user's oldest note across pages, deletes its duplicate, and leaves a contributor's marked note and system notes alone", async () => {
    const { replay, thread } = await play("update-own-note", BODY);
    const result = await keepPlanComment(thread, "workload", BODY);
    replay.done();
    assert.equal(result.action, "updated");
    assert.equal(result.comment.id, 503);
    assert.deepEqual(result.deleted, [517]);
    assert.deepEqual(result.leftAlone.map((note) => [note.id, note.author]), [[502, "mallory"]]);
    assert.equal(
      describeKept(thread, "workload", result),
      "updated GitLab note https://gitlab.com/acme/mlops-classifier/-/merge_requests/7#note_503\n" +
        "deleted the pipeline's duplicate GitLab notes 517\n" +
        "left alone GitLab note https://gitlab.com/acme/mlops-classifier/-/merge_requests/7#note_502 by mallory: it carries the marker of stack workload, but the pipeline did not write it\n",
    );
  });

  it("creates its own note when the only marked note is a contributor's", async () => {
    const { replay, thread } = await play("planted-marker", BODY);
    const result = await keepPlanComment(thread, "workload", BODY);
    replay.done();
    assert.equal(result.action, "created");
    assert.equal(result.comment.id, 530);
    assert.deepEqual(result.leftAlone.map((note) => note.id), [502]);
  });

  it("fails with the call, the status, GitLab's message and what the token must be", async () => {
    const { replay, thread } = await play("forbidden", BODY);
    await assert.rejects(keepPlanComment(thread, "workload", BODY), (error: Error) => {
      assert.ok(error instanceof GitLabError);
      assert.equal(
        error.message,
        "GitLab API POST https://gitlab.com/api/v4/projects/4711/merge_requests/7/notes answered 403: 403 Forbidden" +
          " (GITLAB_NOTE_TOKEN must be a project access token with scope api and at least the Reporter role)",
      );
      return true;
    });
    replay.done();
  });

  it("refuses an API URL or a project id of the wrong form, naming the variable", () => {
    assert.throws(() => new GitLabClient(TOKEN, "gitlab.com", "4711"), /^Error: CI_API_V4_URL is "gitlab.com": expected the API's URL, such as https:\/\/gitlab.com\/api\/v4$/);
    assert.throws(() => new GitLabClient(TOKEN, "https://gitlab.com/api/v4", "acme/x"), /^Error: CI_MERGE_REQUEST_PROJECT_ID is "acme\/x": expected the project's numeric id$/);
  });
});
