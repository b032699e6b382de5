// The setup as a list of steps, each done when what it makes exists. Nothing
// records progress: a rerun asks reality (enabled APIs, the bucket, each
// stack's plan, the CI variables) and does only what is missing, so a run
// interrupted anywhere resumes where it stopped, and a run with nothing
// missing says so and changes nothing.

/** One step of the setup. */
export interface Step {
  /** What the step makes, as the report names it. */
  readonly name: string;
  /** How things stand when nothing is missing; undefined when the step must run. */
  check(): Promise<string | undefined>;
  /** Makes what is missing; returns what it did. */
  run(): Promise<string>;
}

/** What one step found or did. */
export interface StepReport {
  readonly name: string;
  readonly changed: boolean;
  readonly note: string;
}

/** A step that failed: the message names the step, so the user knows where a rerun resumes. */
export class StepError extends Error {
  constructor(readonly step: string, readonly reports: readonly StepReport[], cause: Error) {
    super(`${step}: ${cause.message}`);
    this.name = "StepError";
  }
}

/** Runs each step that is not done yet, in order, logging one line per step. */
export async function runSteps(steps: readonly Step[], log: (line: string) => void): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of steps) {
    try {
      const done = await step.check();
      const report = done !== undefined ? { name: step.name, changed: false, note: done } : { name: step.name, changed: true, note: await step.run() };
      reports.push(report);
      log(`${report.changed ? "done    " : "in place"}  ${step.name}: ${report.note}`);
    } catch (error) {
      log(`failed    ${step.name}: ${(error as Error).message}`);
      throw new StepError(step.name, reports, error as Error);
    }
  }
  return reports;
}

/** The closing line of a run. */
export function summary(reports: readonly StepReport[]): string {
  const changed = reports.filter((report) => report.changed);
  return changed.length === 0
    ? `Nothing to do: all ${reports.length} steps were already in place; nothing was changed.`
    : `Changed ${changed.length} of ${reports.length} steps; the others were already in place.`;
}
