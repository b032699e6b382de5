// `npm run plan:stack -- <stack> [--out plans] [--gitlab-report <file>]`:
// the plan CI shows on a pull or merge request, for one synthesized stack.
//
// Every stack is planned with -refresh=false: what the change does to the
// recorded state. The deployer may not read IAM policies or enabled services,
// so a refreshing plan of a platform stack would fail with 403; and a fresh
// runner has none of the images the docker provider built, so a refreshing
// workload plan would always show the image to be built again. Drift is found
// by whoever applies (cdktf deploy, and the deploy job, refresh). The workload
// stack is planned with the digest of the pull request's build context.
//
// The plan's output and exit status are written under --out even when
// something before terraform failed, so the comment can say "failed".
import { writeFileSync } from "fs";
import { resolve } from "path";
import { parseArgs } from "util";
import { readConfig } from "../lib/config";
import { digestPath } from "../lib/digest";
import { runMain } from "./cli";
import { PLAN_DIRECTORY, PlanRecord, writePlanRecord } from "./plan-record";
import { gitlabReport, summarizePlan } from "./plan-summary";
import { WORKLOAD_STACK, requireSharedState, requireStack, terraform } from "./terraform";

async function plan(stack: string): Promise<PlanRecord> {
  const config = readConfig();
  requireSharedState(config);
  const directory = requireStack(stack);
  const variables =
    stack === WORKLOAD_STACK ? ["-var", `model_digest=${digestPath(resolve(config.buildContext))}`] : [];

  const init = await terraform(["init", "-input=false", "-no-color"], directory, { echo: true });
  if (init.status !== 0) return { output: init.output, exitStatus: init.status };
  // A plan writes nothing, so it need not wait for (or block) a deploy holding
  // the state lock. Terraform Cloud's speculative plans take no lock anyway.
  const lock = config.backend === "cloud" ? [] : ["-lock=false"];
  const planned = await terraform(["plan", "-input=false", "-no-color", ...lock, "-refresh=false", ...variables], directory, { echo: true });
  return { output: planned.output, exitStatus: planned.status };
}

runMain("plan:stack", async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string", default: PLAN_DIRECTORY }, "gitlab-report": { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error("usage: npm run plan:stack -- <stack> [--out <dir>] [--gitlab-report <file>]");
  const [stack] = positionals;

  let record: PlanRecord;
  try {
    record = await plan(stack);
  } catch (error) {
    record = { output: `plan:stack: ${(error as Error).message}\n`, exitStatus: 1 };
    process.stderr.write(record.output);
  }
  writePlanRecord(values.out, stack, record);
  const summary = summarizePlan(record.output, record.exitStatus);
  const report = values["gitlab-report"];
  if (report && summary.counts) writeFileSync(report, `${JSON.stringify(gitlabReport(summary))}\n`);
  process.stdout.write(`\n${stack}: ${summary.line}\n`);
  return summary.outcome === "failed" ? Math.max(record.exitStatus, 1) : 0;
});
