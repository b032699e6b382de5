// The plan comment's content, from real Terraform output (fixtures/plans/).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { join } from "path";
import { COMMENT_LIMIT, commentMarker, gitlabReport, planComment, summarizePlan } from "../scripts/plan-summary";
import { root } from "./support";

function plan(name: string): string {
  return readFileSync(join(root, "__tests__", "fixtures", "plans", `${name}.txt`), "utf8");
}

describe("plan summary", () => {
  it("is Terraform's Plan: line when something changes", () => {
    assert.deepEqual(summarizePlan(plan("changes"), 0), {
      outcome: "changes",
      line: "Plan: 2 to add, 0 to change, 0 to destroy.",
      counts: { add: 2, change: 0, destroy: 0 },
    });
    assert.deepEqual(summarizePlan(plan("replace"), 0).counts, { add: 1, change: 0, destroy: 1 });
  });

  it('is "No changes." when nothing changes', () => {
    assert.deepEqual(summarizePlan(plan("no-changes"), 0), {
      outcome: "no-changes",
      line: "No changes.",
      counts: { add: 0, change: 0, destroy: 0 },
    });
  });

  it("says so when only outputs change (Terraform prints no Plan: line then)", () => {
    const summary = summarizePlan(plan("outputs-only"), 0);
    assert.equal(summary.outcome, "changes");
    assert.equal(summary.line, "Only outputs change: nothing to add, change or destroy.");
  });

  it("reads imports and the summary of a colored plan", () => {
    const colored = "\x1b[1mPlan:\x1b[0m 1 to import, 2 to add, 1 to change, 0 to destroy.\n";
    assert.deepEqual(summarizePlan(colored, 0), {
      outcome: "changes",
      line: "Plan: 1 to import, 2 to add, 1 to change, 0 to destroy.",
      counts: { add: 2, change: 1, destroy: 0 },
    });
  });

  it("marks a failed plan as failed with its first error, not its warnings", () => {
    assert.deepEqual(summarizePlan(plan("invalid-digest"), 1), {
      outcome: "failed",
      line: "Plan failed (exit status 1): Error: Invalid value for variable",
    });
    const boxed = "╷\n│ Warning: Deprecated\n╵\n╷\n│ Error: error loading state: AccessDenied\n│ \n╵\n";
    assert.equal(summarizePlan(boxed, 1).line, "Plan failed (exit status 1): Error: error loading state: AccessDenied");
  });

  it("marks a plan failed when it ended with an error but printed none, or printed no summary at all", () => {
    assert.equal(summarizePlan("Killed\n", 137).line, "Plan failed (exit status 137): see the full output");
    const cut = summarizePlan(plan("changes").split("Plan:")[0], 0);
    assert.equal(cut.outcome, "failed");
    assert.equal(cut.line, "Plan output has no summary line (exit status 0): see the full output");
  });
});

describe("plan comment", () => {
  const output = plan("replace");
  const summary = summarizePlan(output, 0);

  it("starts with the stack's hidden marker and the summary line, the plan collapsed below", () => {
    const body = planComment({ stack: "workload", summary, output, commit: "4c1e2f0a9b8c7d6e", runUrl: "https://github.com/acme/m/actions/runs/9" });
    const lines = body.split("\n");
    assert.equal(lines[0], "<!-- cdktf-plan:workload -->");
    assert.equal(lines[1], "Plan: 1 to add, 0 to change, 1 to destroy.");
    assert.equal(lines[3], "<details><summary>Terraform plan of stack <code>workload</code> at <code>4c1e2f0</code></summary>");
    assert.ok(body.includes(`\`\`\`text\n${output.trimEnd()}\n\`\`\`\n\n</details>\n`));
  });

  it("shows a failed plan in bold as failed", () => {
    const failed = plan("invalid-digest");
    const body = planComment({ stack: "workload", summary: summarizePlan(failed, 1), output: failed });
    assert.equal(body.split("\n")[1], "**Plan failed (exit status 1): Error: Invalid value for variable**");
  });

  it("uses a fence longer than any run of backticks in the plan", () => {
    const body = planComment({ stack: "cluster", summary, output: "description = \"run ```npm run digest```\"" });
    assert.ok(body.includes("````text\n"));
    assert.ok(body.includes("\n````\n\n</details>"));
  });

  it("cuts a plan too long for GitHub to the limit, saying how much is shown and where the rest is", () => {
    const huge = `${"  # google_project_iam_member.x will be created\n".repeat(3000)}Plan: 3000 to add, 0 to change, 0 to destroy.\n`;
    assert.ok(huge.length > COMMENT_LIMIT);
    const body = planComment({ stack: "identity", summary: summarizePlan(huge, 0), output: huge, runUrl: "https://github.com/a/b/actions/runs/1" });
    assert.ok(body.length <= COMMENT_LIMIT, `${body.length} characters`);
    assert.ok(body.startsWith(`${commentMarker("identity")}\nPlan: 3000 to add, 0 to change, 0 to destroy.\n`));
    const note = `characters shown; the [job log](https://github.com/a/b/actions/runs/1) has all of it._\n`;
    const shown = body.slice(body.indexOf("```text\n") + 8, body.indexOf("\n```\n\n</details>"));
    assert.ok(body.endsWith(`_Plan cut to fit a comment: ${shown.length} of ${huge.trimEnd().length} ${note}`));
    assert.ok(huge.startsWith(shown), "the beginning of the plan is kept");
    assert.ok(body.includes("\n```\n\n</details>\n"), "the code block and the details are closed");
    const small = planComment({ stack: "identity", summary, output: "x".repeat(500), limit: 600 });
    assert.ok(small.length <= 600 && small.length > 550, `${small.length} characters: the room is used`);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const emoji = "🚀".repeat(300);
    const whole = planComment({ stack: "s", summary, output: emoji }).length;
    // Limits of both parities, so that some cut would fall inside a pair.
    for (const limit of [whole - 101, whole - 102, whole - 103, whole - 104]) {
      const body = planComment({ stack: "s", summary, output: emoji, limit });
      assert.ok(body.length <= limit);
      assert.doesNotMatch(body, /[\ud800-\udbff](?![\udc00-\udfff])/, `limit ${limit}`);
    }
  });
});

describe("GitLab Terraform report", () => {
  it("holds the counts of the plan's summary line", () => {
    assert.deepEqual(gitlabReport(summarizePlan(plan("replace"), 0)), { create: 1, update: 0, delete: 1 });
    assert.deepEqual(gitlabReport(summarizePlan(plan("no-changes"), 0)), { create: 0, update: 0, delete: 0 });
  });

  it("is refused for a failed plan", () => {
    assert.throws(() => gitlabReport(summarizePlan(plan("invalid-digest"), 1)), /a failed plan has no report/);
  });
});
