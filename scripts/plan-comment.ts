// `npm run plan:comment -- <stack> [--out plans] [--author <login>]`, after
// `npm run plan:stack -- <stack>`: keeps the stack's one plan comment (GitHub
// pull request) or note (GitLab merge request) up to date, built from the
// saved plan's JSON, and writes the same text to <out>/<stack>.md. Only the
// pipeline's own comments are edited or deleted (scripts/comments.ts).
//
// GitHub Actions (GITHUB_ACTIONS=true, on pull_request): GITHUB_TOKEN,
// GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_SERVER_URL,
// GITHUB_RUN_ID; the comment also goes to the job summary. --author is the
// login the token posts as: github-actions[bot] for GITHUB_TOKEN.
// GitLab CI (GITLAB_CI=true, in a merge request pipeline): GITLAB_NOTE_TOKEN
// (a project access token), CI_API_V4_URL, CI_MERGE_REQUEST_PROJECT_ID,
// CI_MERGE_REQUEST_IID, CI_MERGE_REQUEST_PROJECT_URL, CI_COMMIT_SHA,
// CI_JOB_URL. Without GITLAB_NOTE_TOKEN the plan goes to the job log only.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parseArgs } from "util";
import { runMain } from "./cli";
import { CommentThread, describeKept, keepPlanComment } from "./comments";
import { GITHUB_TOKEN_AUTHOR, GitHubClient, GitHubThread } from "./github";
import { GitLabClient, GitLabThread } from "./gitlab";
import { PLAN_DIRECTORY, readPlanRecord } from "./plan-record";
import { GITHUB_COMMENT_LIMIT, GITLAB_NOTE_LIMIT, JsonPlan, renderPlan } from "./plan-review";
import { summarizePlan } from "./plan-summary";

function required(name: string, from: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: expected it from ${from}`);
  return value;
}

/** A GitHub login: letters, digits and hyphens, "[bot]" at the end for an app. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

interface Target {
  readonly commit?: string;
  readonly runUrl?: string;
  readonly limit: number;
  /** The thread to keep the comment in; undefined when the job cannot write one (said in `why`). */
  readonly thread?: CommentThread;
  readonly why?: string;
  readonly summaryFile?: string;
}

async function github(author: string): Promise<Target> {
  const from = "GitHub Actions";
  const event = JSON.parse(readFileSync(required("GITHUB_EVENT_PATH", from), "utf8"));
  const pullRequest = event.pull_request;
  if (!pullRequest?.number) throw new Error("the workflow's event has no pull_request: expected a workflow run on pull_request");
  const server = process.env.GITHUB_SERVER_URL ?? "https://github.com";
  const repository = required("GITHUB_REPOSITORY", from);
  const token = required("GITHUB_TOKEN", "the workflow (`env: GITHUB_TOKEN: ${{ github.token }}`)");
  const client = new GitHubClient(token, repository, fetch, process.env.GITHUB_API_URL);
  return {
    commit: pullRequest.head?.sha,
    runUrl: process.env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined,
    limit: GITHUB_COMMENT_LIMIT,
    thread: new GitHubThread(client, pullRequest.number, author),
    summaryFile: process.env.GITHUB_STEP_SUMMARY,
  };
}

async function gitlab(): Promise<Target> {
  const from = "GitLab CI in a merge request pipeline";
  const iid = required("CI_MERGE_REQUEST_IID", from);
  if (!/^\d+$/.test(iid)) throw new Error(`CI_MERGE_REQUEST_IID is ${JSON.stringify(iid)}: expected a merge request's number`);
  const base = { commit: process.env.CI_COMMIT_SHA, runUrl: process.env.CI_JOB_URL, limit: GITLAB_NOTE_LIMIT };
  const token = process.env.GITLAB_NOTE_TOKEN;
  if (!token) return { ...base, why: "GITLAB_NOTE_TOKEN is not set (docs/continuous-deployment.md, \"Plan comments\"): no note written, the plan is below" };
  const client = new GitLabClient(token, required("CI_API_V4_URL", from), required("CI_MERGE_REQUEST_PROJECT_ID", from));
  const self = await client.currentUser();
  return { ...base, thread: new GitLabThread(client, Number(iid), self, process.env.CI_MERGE_REQUEST_PROJECT_URL) };
}

runMain("plan:comment", async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string", default: PLAN_DIRECTORY }, author: { type: "string", default: GITHUB_TOKEN_AUTHOR } },
  });
  if (positionals.length !== 1) throw new Error("usage: npm run plan:comment -- <stack> [--out <dir>] [--author <login>]");
  const [stack] = positionals;
  if (!LOGIN.test(values.author)) throw new Error(`--author is ${JSON.stringify(values.author)}: expected a GitHub login, such as github-actions[bot] or my-app[bot]`);

  let target: Target;
  if (process.env.GITHUB_ACTIONS === "true") target = await github(values.author);
  else if (process.env.GITLAB_CI === "true") target = await gitlab();
  else throw new Error("neither GITHUB_ACTIONS nor GITLAB_CI is \"true\": expected a GitHub Actions or GitLab CI job");

  const record = readPlanRecord(values.out, stack);
  const body = renderPlan({
    stack,
    plan: record.plan as JsonPlan | undefined,
    output: record.output,
    exitStatus: record.exitStatus,
    commit: target.commit,
    runUrl: target.runUrl,
    limit: target.limit,
  });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, `${stack}.md`), body);
  process.stdout.write(`${stack}: ${summarizePlan(record.output, record.exitStatus).line}\n`);
  if (target.summaryFile) appendFileSync(target.summaryFile, `${body}\n`);
  if (!target.thread) {
    process.stdout.write(`${target.why}\n\n${body}\n`);
    return 0;
  }
  const result = await keepPlanComment(target.thread, stack, body);
  process.stdout.write(describeKept(target.thread, stack, result));
  return 0;
});
