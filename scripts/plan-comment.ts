// `npm run plan:comment -- <stack> [--out plans]`, in a GitHub Actions job
// on `pull_request` after `npm run plan:stack -- <stack>`: keeps the stack's
// one comment on the pull request up to date, and adds the plan to the job
// summary. Reads GitHub's own environment: GITHUB_TOKEN, GITHUB_REPOSITORY,
// GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID.
import { appendFileSync, readFileSync } from "fs";
import { parseArgs } from "util";
import { runMain } from "./cli";
import { GitHubClient, upsertPlanComment } from "./github";
import { PLAN_DIRECTORY, readPlanRecord } from "./plan-record";
import { planComment, summarizePlan } from "./plan-summary";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: expected it from GitHub Actions (GITHUB_TOKEN from \`env: GITHUB_TOKEN: \${{ github.token }}\`)`);
  return value;
}

runMain("plan:comment", async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: "string", default: PLAN_DIRECTORY } } });
  if (positionals.length !== 1) throw new Error("usage: npm run plan:comment -- <stack> [--out <dir>]");
  const [stack] = positionals;

  const event = JSON.parse(readFileSync(required("GITHUB_EVENT_PATH"), "utf8"));
  const pullRequest = event.pull_request;
  if (!pullRequest?.number) throw new Error("the workflow's event has no pull_request: expected a workflow run on pull_request");

  const record = readPlanRecord(values.out, stack);
  const summary = summarizePlan(record.output, record.exitStatus);
  const server = process.env.GITHUB_SERVER_URL ?? "https://github.com";
  const repository = required("GITHUB_REPOSITORY");
  const runUrl = process.env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  const body = planComment({ stack, summary, output: record.output, commit: pullRequest.head?.sha, runUrl });

  const client = new GitHubClient(required("GITHUB_TOKEN"), repository, fetch, process.env.GITHUB_API_URL);
  const result = await upsertPlanComment(client, pullRequest.number, stack, body);
  process.stdout.write(`${stack}: ${summary.line}\n${result.action} ${result.comment.html_url}\n`);
  if (result.deleted.length > 0) process.stdout.write(`deleted duplicate comments ${result.deleted.join(", ")}\n`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${body}\n`);
  return 0;
});
