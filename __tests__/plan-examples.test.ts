// docs/continuous-deployment.md shows a rendered plan comment for each
// recorded case (fixtures/plans/json/); this keeps them what renderPlan
// renders today. `UPDATE_DOC_EXAMPLES=1` rewrites them after a reviewed change.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { GITHUB_COMMENT_LIMIT, JsonPlan, renderPlan } from "../scripts/plan-review";
import type { RecordedPlan } from "./fixtures/record-plans";
import { root } from "./support";

const DOC = join(root, "docs", "continuous-deployment.md");

function recorded(name: string): RecordedPlan {
  return JSON.parse(readFileSync(join(root, "__tests__", "fixtures", "plans", "json", `${name}.json`), "utf8"));
}

/** The comment of a recorded plan, as the plan job posts it for commit 9f8e7d6 (or the verify job, offline). */
function render(name: string, offline = false): string {
  const plan = recorded(name);
  return renderPlan({
    stack: plan.stack,
    plan: (plan.plan ?? undefined) as JsonPlan | undefined,
    output: plan.output,
    exitStatus: plan.exitStatus,
    commit: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
    runUrl: "https://github.com/acme/mlops-classifier/actions/runs/4242",
    limit: GITHUB_COMMENT_LIMIT,
    ...(offline ? { offline: { caveatsUrl: "../sim/README.md#what-is-real-and-what-is-simulated" } } : {}),
  });
}

/**
 * As the page shows it: quoted, the collapsed plan text shortened to its
 * first lines, and a list longer than eight lines to its first five and last two.
 */
function shownInDocs(body: string): string {
  const shortened = body.replace(/(```+text\n)([\s\S]*?)(\n```+\n)/, (_all, open: string, text: string, close: string) => {
    const lines = text.split("\n");
    return `${open}${lines.slice(0, 6).join("\n")}${lines.length > 6 ? "\n…" : ""}${close}`;
  });
  const lines = shortened.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let end = i;
    while (end < lines.length && lines[end].startsWith("- ")) end++;
    if (end - i > 8) {
      out.push(...lines.slice(i, i + 5), `- … (${end - i - 7} more)`, ...lines.slice(end - 2, end));
      i = end;
    } else if (end > i) {
      out.push(...lines.slice(i, end));
      i = end;
    } else {
      out.push(lines[i++]);
    }
  }
  return out
    .join("\n")
    .trimEnd()
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

const EXAMPLES: Record<string, () => string> = {
  "network-replaces-cluster": () => render("network-replaces-cluster"),
  "destroy-namespace": () => render("destroy-namespace"),
  "new-model": () => render("new-model"),
  "no-changes": () => render("no-changes"),
  failed: () => render("failed"),
  sensitive: () => render("sensitive"),
  long: () => render("long"),
  offline: () => render("create-identity", true),
};

/** The example's block: its opening marker, what it holds, its closing marker. */
function block(name: string): RegExp {
  return new RegExp(`(<!-- example:${name} -->\\n)((?:(?!<!-- /example -->)[\\s\\S])*)(<!-- /example -->)`);
}

describe("the rendered plan comments in docs/continuous-deployment.md", () => {
  it("are what renderPlan renders for each recorded plan", () => {
    let doc = readFileSync(DOC, "utf8");
    for (const [name, example] of Object.entries(EXAMPLES)) {
      assert.match(doc, block(name), `docs/continuous-deployment.md has no example ${name}`);
      const expected = shownInDocs(example());
      if (process.env.UPDATE_DOC_EXAMPLES === "1") doc = doc.replace(block(name), (_all, open, _shown, close) => `${open}${expected}\n${close}`);
      else assert.equal(doc.match(block(name))![2], `${expected}\n`, `example ${name}: run UPDATE_DOC_EXAMPLES=1 after reviewing the change`);
    }
    if (process.env.UPDATE_DOC_EXAMPLES === "1") writeFileSync(DOC, doc);
  });
});
