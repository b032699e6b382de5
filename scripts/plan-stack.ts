// `npm run plan:stack -- <stack> [--out plans] [--gitlab-report <file>]`:
// the plan CI shows on a pull or merge request, for one synthesized stack.
//
// Every stack is planned with -refresh=false: what the change does to the
// recorded state. The deployer may not read IAM policies or enabled services,
// so a refreshing plan of a platform stack would fail with 403; and a fresh
// runner has none of the images the docker provider built, so a refreshing
// workload plan would always show the image to be built again. Drift is found
// by whoever applies (cdktf deploy, and the deploy job, refresh). The workload
// stack is planned with the digest of the pull request's build context; with
// several environments, a later one with what a promotion would deploy there
// (scripts/plan-environment.ts), and each record begins with
// "plan:stack: environment <name>: <what it plans there>".
//
// A stack never applied (or one reading a stack never applied) has no state
// yet; on gcs the read-only planner then cannot even init (see
// first-plan.ts). plan:stack plans it against empty state in a copy of the
// stack directory, writes nothing to the bucket, and the record begins with
// "plan:stack: <what>: not deployed yet; planned against empty state".
//
// The plan's output and exit status are written under --out even when
// something before terraform failed, so the comment can say "failed". The
// plan is saved and read back as JSON (`terraform show -json`), which the
// comment is built from; the saved plan file itself is removed.
import { rmSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { parseArgs } from "util";
import { readConfig } from "../lib/config";
import { digestPath } from "../lib/digest";
import { runMain } from "./cli";
import { headCommit } from "./git";
import { PLAN_DIRECTORY, PlanRecord, writePlanRecord } from "./plan-record";
import { copyStack, firstPlanOverride, ownStateMissing, readStackJson, sourcesNotDeployed, StackStates, stackStates, writeOverride } from "./first-plan";
import { gitlabReport, notDeployedLine, summarizePlan } from "./plan-summary";
import { plannedModel } from "./plan-environment";
import { requireSharedState, requireStack, terraform } from "./terraform";

async function plan(stack: string): Promise<PlanRecord> {
  const config = readConfig();
  requireSharedState(config);
  const directory = requireStack(stack);
  // A workload stack's model: the pull request's, or what a promotion would deploy (plan-environment.ts).
  const model = await plannedModel(stack, config, (args, where) => terraform(args, where), () => ({
    digest: digestPath(resolve(config.buildContext)),
    commit: headCommit("."),
  }));
  if (model.line) process.stdout.write(`${model.line}\n`);
  if (model.variables === undefined) return { output: `${model.line}\n`, exitStatus: 0 };
  const { variables } = model;
  // Read only when Terraform failed: which states it found missing.
  let known: StackStates | undefined;
  const states = () => (known ??= stackStates(readStackJson(directory)));

  const init = await terraform(["init", "-input=false", "-no-color"], directory, { echo: true });
  const ownMissing = init.status !== 0 && ownStateMissing(init.output, states());
  if (init.status !== 0 && !ownMissing) return { output: withNotes(model.line ? [model.line] : [], init.output), exitStatus: init.status };

  // A plan writes nothing, so it need not wait for (or block) a deploy holding
  // the state lock, on any backend. Terraform Cloud honours -lock=false when
  // the workspace runs locally: its operation is the local backend's
  // (internal/cloud/backend.go:890-894) with the no-op locker -lock=false
  // chose (internal/command/meta_backend.go:424-428, used at
  // internal/cloud/backend_context.go:48); remote speculative plans lock nothing.
  const planArgs = ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", `-out=${SAVED_PLAN}`, ...variables];
  const notes = [...(model.line ? [model.line] : []), ...(ownMissing ? [notDeployedLine(`stack ${stack} (${states().own})`)] : [])];
  const deferred: string[] = [];
  let copy: string | undefined;
  try {
    for (;;) {
      let where = directory;
      if (ownMissing || deferred.length > 0) {
        const fresh = !copy;
        copy ??= copyStack(directory);
        // The backend override must be there before init; the sources' may change between plans.
        writeOverride(copy, firstPlanOverride(ownMissing, deferred));
        if (fresh) {
          const again = await terraform(["init", "-input=false", "-no-color"], copy, { echo: true });
          if (again.status !== 0) return { output: withNotes(notes, again.output), exitStatus: again.status };
        }
        where = copy;
      }
      const planned = await terraform(planArgs, where, { echo: true });
      const output = withNotes(notes, planned.output);
      if (planned.status === 0) return { output, exitStatus: 0, ...(await showSaved(where)) };
      // Terraform saves a partial plan even when planning fails (internal/backend/local/backend_plan.go:120-135
      // at v1.11.4), state and sensitive values included: nothing reads it, so it goes.
      rmSync(join(where, SAVED_PLAN), { force: true });
      const found = sourcesNotDeployed(planned.output, states()).filter((name) => !deferred.includes(name));
      if (found.length === 0) return { output, exitStatus: planned.status };
      for (const name of found) {
        deferred.push(name);
        notes.push(notDeployedLine(`data.terraform_remote_state.${name} (${states().sources.get(name)})`) + ", its outputs known after apply");
      }
      process.stdout.write(`\nplan:stack: planning again, reading during apply the states that do not exist yet: ${found.join(", ")}\n`);
    }
  } finally {
    if (copy) rmSync(copy, { recursive: true, force: true });
  }
}

/** Where plan:stack saves the plan in the stack's directory, until it is read back as JSON. */
const SAVED_PLAN = "plan-stack.tfplan";

/**
 * The saved plan as JSON, then the file removed. Should Terraform fail to
 * show it, the plan is still recorded; the comment then says it has no JSON.
 */
async function showSaved(where: string): Promise<{ plan?: unknown }> {
  try {
    const shown = await terraform(["show", "-json", "-no-color", SAVED_PLAN], where);
    if (shown.status !== 0) {
      process.stderr.write(`plan:stack: terraform show -json ${SAVED_PLAN} failed (exit status ${shown.status}); the comment shows the text plan only:\n${shown.output}\n`);
      return {};
    }
    return { plan: JSON.parse(shown.stdout) };
  } catch (error) {
    process.stderr.write(`plan:stack: terraform show -json ${SAVED_PLAN} gave no JSON (${(error as Error).message}); the comment shows the text plan only\n`);
    return {};
  } finally {
    rmSync(join(where, SAVED_PLAN), { force: true });
  }
}

/** The output as recorded: first what the plan was made without, then Terraform's text. */
function withNotes(notes: readonly string[], output: string): string {
  return notes.map((note) => `${note}\n`).join("") + output;
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
  process.stdout.write(`\n${stack}: ${summary.line}\n${(summary.notDeployed ?? []).map((note) => `${stack}: ${note}\n`).join("")}`);
  return summary.outcome === "failed" ? Math.max(record.exitStatus, 1) : 0;
});
