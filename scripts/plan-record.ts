// What `npm run plan:stack` leaves for the steps after it (`plan:comment`,
// GitLab's report): the plan's text output and its exit status, one pair of
// files per stack, so a failed plan is still reported.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";

/** Where plans are written unless told otherwise; ignored by git. */
export const PLAN_DIRECTORY = "plans";

export interface PlanRecord {
  /** What terraform printed (stdout and stderr, in order), or why it could not run. */
  readonly output: string;
  /** Exit status of `terraform plan` (without -detailed-exitcode); not 0 when anything before it failed. */
  readonly exitStatus: number;
}

function files(directory: string, stack: string) {
  return { output: join(directory, `${stack}.txt`), status: join(directory, `${stack}.exitcode`) };
}

export function writePlanRecord(directory: string, stack: string, record: PlanRecord): void {
  const paths = files(directory, stack);
  mkdirSync(directory, { recursive: true });
  writeFileSync(paths.output, record.output);
  writeFileSync(paths.status, `${record.exitStatus}\n`);
}

/** The recorded plan; a plan that never ran (an earlier step failed) reads as a failed one. */
export function readPlanRecord(directory: string, stack: string): PlanRecord {
  const paths = files(directory, stack);
  if (!existsSync(paths.status)) {
    return { output: `No plan of stack ${stack} was made: a step before it failed (see the job log).`, exitStatus: 1 };
  }
  const status = readFileSync(paths.status, "utf8").trim();
  if (!/^\d+$/.test(status)) throw new Error(`${paths.status} holds ${JSON.stringify(status)}: expected an exit status`);
  return { output: readFileSync(paths.output, "utf8"), exitStatus: Number(status) };
}
