// What `npm run plan:stack` leaves for the steps after it (`plan:comment`,
// GitLab's report): the plan's text output, its exit status and, when the
// plan was saved, its JSON (`terraform show -json`), per stack, so a failed
// plan is still reported.
//
// The JSON holds every value in plain, sensitive ones included (Terraform
// marks them, it does not remove them): it is written readable by its owner
// alone, and no pipeline uploads plans/.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";

/** Where plans are written unless told otherwise; ignored by git. */
export const PLAN_DIRECTORY = "plans";

export interface PlanRecord {
  /** What terraform printed (stdout and stderr, in order), or why it could not run. */
  readonly output: string;
  /** Exit status of `terraform plan` (without -detailed-exitcode); not 0 when anything before it failed. */
  readonly exitStatus: number;
  /** `terraform show -json` of the saved plan; absent when none was saved or it could not be read. */
  readonly plan?: unknown;
}

function files(directory: string, stack: string) {
  return { output: join(directory, `${stack}.txt`), status: join(directory, `${stack}.exitcode`), plan: join(directory, `${stack}.plan.json`) };
}

export function writePlanRecord(directory: string, stack: string, record: PlanRecord): void {
  const paths = files(directory, stack);
  mkdirSync(directory, { recursive: true });
  writeFileSync(paths.output, record.output);
  writeFileSync(paths.status, `${record.exitStatus}\n`);
  // A stale plan of an earlier run must not be taken for this one's.
  rmSync(paths.plan, { force: true });
  if (record.plan !== undefined) writeFileSync(paths.plan, JSON.stringify(record.plan), { mode: 0o600 });
}

/** The recorded plan; a plan that never ran (an earlier step failed) reads as a failed one. */
export function readPlanRecord(directory: string, stack: string): PlanRecord {
  const paths = files(directory, stack);
  if (!existsSync(paths.status)) {
    return { output: `No plan of stack ${stack} was made: a step before it failed (see the job log).`, exitStatus: 1 };
  }
  const status = readFileSync(paths.status, "utf8").trim();
  if (!/^\d+$/.test(status)) throw new Error(`${paths.status} holds ${JSON.stringify(status)}: expected an exit status`);
  const output = readFileSync(paths.output, "utf8");
  if (!existsSync(paths.plan)) return { output, exitStatus: Number(status) };
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(paths.plan, "utf8"));
  } catch (error) {
    throw new Error(`${paths.plan} is not JSON (${(error as Error).message}): expected \`terraform show -json\` of the saved plan`);
  }
  return { output, exitStatus: Number(status), plan };
}
