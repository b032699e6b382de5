// What a Terraform plan says, read from its text output (`terraform plan
// -no-color`) and exit status: one summary line for people, the pull-request
// comment that holds the whole plan, and the counts of GitLab's Terraform
// report. One parser serves all three, so the widget and the comment agree.

/** GitHub refuses issue comments longer than this: its API answers 422 "Body is too long (maximum is 65536 characters)". */
export const COMMENT_LIMIT = 65536;

export type PlanOutcome = "changes" | "no-changes" | "failed";

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

export interface PlanSummary {
  readonly outcome: PlanOutcome;
  /** Terraform's own "Plan: ..." or "No changes." line, or why the plan failed. */
  readonly line: string;
  /** Resource counts; absent when the plan failed. */
  readonly counts?: PlanCounts;
  /** What plan:stack planned without, each "<what>: not deployed yet; planned against empty state"; absent when none. */
  readonly notDeployed?: readonly string[];
  /** With several environments, a workload stack's plan: its environment and what plan:stack planned there; absent otherwise. */
  readonly environment?: PlannedEnvironment;
}

export interface PlannedEnvironment {
  readonly name: string;
  /** What the plan deploys there, or why nothing was planned. */
  readonly says: string;
  /** False when plan:stack ran no plan: nothing could be deployed there yet. */
  readonly planned: boolean;
}

/** What plan:stack's environment line begins with when it ran no plan. */
const NOT_PLANNED = "not planned: ";

/**
 * The line plan:stack writes first in a workload stack's record when there
 * are several environments: which one, and what its plan deploys there (or,
 * `planned` false, why nothing was planned); summarizePlan finds it again.
 */
export function environmentLine(name: string, says: string, planned = true): string {
  return `plan:stack: environment ${name}: ${planned ? "" : NOT_PLANNED}${says}`;
}

const ENVIRONMENT_LINE = /^plan:stack: environment ([a-z][a-z0-9-]*): (.+)$/m;

/** What a plan made without a stack's state says, in the job log, the comment and the summary. */
export const NOT_DEPLOYED = "not deployed yet; planned against empty state";

/**
 * The line plan:stack writes before the plan's output when `what` (a stack's
 * own state, or a state it reads) does not exist yet; summarizePlan finds it
 * again, so the comment says so whichever step reads the recorded plan.
 */
export function notDeployedLine(what: string): string {
  return `plan:stack: ${what}: ${NOT_DEPLOYED}`;
}

const NOT_DEPLOYED_LINE = new RegExp(`^plan:stack: (.+: ${NOT_DEPLOYED}.*)$`, "gm");

const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g;

/** Reads the summary of a plan from its output and the exit status of `terraform plan` (without -detailed-exitcode). */
export function summarizePlan(output: string, exitStatus: number): PlanSummary {
  const text = output.replace(ANSI_ESCAPE, "");
  const notes = [...text.matchAll(NOT_DEPLOYED_LINE)].map((match) => match[1]);
  const line = ENVIRONMENT_LINE.exec(text);
  const planned = !line?.[2].startsWith(NOT_PLANNED);
  const environment = line ? { name: line[1], says: planned ? line[2] : line[2].slice(NOT_PLANNED.length), planned } : undefined;
  const summary = summarizeTerraform(text, exitStatus, planned ? undefined : environment?.says);
  return { ...summary, ...(notes.length > 0 ? { notDeployed: notes } : {}), ...(environment ? { environment } : {}) };
}

function summarizeTerraform(text: string, exitStatus: number, notPlanned?: string): PlanSummary {
  if (exitStatus !== 0) {
    // Terraform boxes its diagnostics: "│ Error: Invalid value for variable".
    const error = /^[│|]?\s*(Error: .*\S)\s*$/m.exec(text);
    const reason = error ? error[1] : "see the full output";
    return { outcome: "failed", line: `Plan failed (exit status ${exitStatus}): ${reason}` };
  }
  const plan = /^Plan: .*\d+ to add, \d+ to change, \d+ to destroy.*$/m.exec(text);
  // Terraform prints a "Plan:" line only when something is to be done (an import counts).
  if (plan) return { outcome: "changes", line: plan[0].trim(), counts: countsOf(plan[0]) };
  const none = { add: 0, change: 0, destroy: 0 };
  if (/^No changes\./m.test(text)) return { outcome: "no-changes", line: "No changes.", counts: none };
  // Terraform prints no "Plan:" line when only output values change.
  if (/^Changes to Outputs:/m.test(text)) {
    return { outcome: "changes", line: "Only outputs change: nothing to add, change or destroy.", counts: none };
  }
  // plan:stack ran no plan, and said why: nothing can be deployed there yet, so nothing changes.
  if (notPlanned !== undefined) return { outcome: "no-changes", line: `Not planned: ${notPlanned}`, counts: none };
  return { outcome: "failed", line: "Plan output has no summary line (exit status 0): see the full output" };
}

function countOf(line: string, action: string): number {
  const match = new RegExp(`(\\d+) to ${action}\\b`).exec(line);
  return match ? Number(match[1]) : 0;
}

function countsOf(line: string): PlanCounts {
  return { add: countOf(line, "add"), change: countOf(line, "change"), destroy: countOf(line, "destroy") };
}

/** The hidden first line that identifies a stack's comment among all the comments of a pull request. */
export function commentMarker(stack: string): string {
  return `<!-- cdktf-plan:${stack} -->`;
}

export interface PlanCommentInput {
  readonly stack: string;
  readonly summary: PlanSummary;
  /** The plan's full text output. */
  readonly output: string;
  /** Commit the plan was made for, shown abbreviated. */
  readonly commit?: string;
  /** Link to the job's log, which always holds the whole plan. */
  readonly runUrl?: string;
  /** Longest body allowed; GitHub's limit unless a test says otherwise. */
  readonly limit?: number;
  /** Says what kind of plan this is, before the summary line (an offline plan's label). */
  readonly label?: string;
}

/**
 * The comment of a plan that has no JSON (it failed, or saved nothing):
 * marker, the summary line, then the whole output collapsed in a code block.
 * A plan too long for one comment is cut at the end, with a note that says
 * how much is missing and where the rest is. Plans with JSON get
 * renderPlan's comment (plan-review.ts).
 */
export function planComment(input: PlanCommentInput): string {
  const { stack, summary, commit, runUrl } = input;
  const limit = input.limit ?? COMMENT_LIMIT;
  const output = input.output.replace(ANSI_ESCAPE, "").replace(/\s+$/, "");
  const bold = summary.outcome === "failed" ? `**${summary.line}**` : summary.line;
  const notes = (summary.notDeployed ?? []).map((note) => `- ${note}`).join("\n");
  const line = (input.label ? `${input.label}\n\n` : "") + (notes ? `${bold}\n\n${notes}` : bold);
  const at = commit ? ` at <code>${commit.slice(0, 7)}</code>` : "";
  const fence = fenceFor(output);
  const head = `${commentMarker(stack)}\n${line}\n\n<details><summary>Terraform plan of stack <code>${stack}</code>${at}</summary>\n\n${fence}text\n`;
  const log = runUrl ? `[job log](${runUrl})` : "job log";
  const tail = `\n${fence}\n\n</details>\n`;
  const whole = head + output + tail;
  if (whole.length <= limit) return whole;

  const note = (shown: number) =>
    `\n_Plan cut to fit a comment: ${shown} of ${output.length} characters shown; the ${log} has all of it._\n`;
  const room = limit - head.length - tail.length - note(output.length).length;
  if (room <= 0) throw new Error(`limit ${limit} leaves no room for the plan of stack ${stack}: expected at least ${head.length + tail.length + note(0).length + 1}`);
  const shown = cutAt(output, room);
  return head + shown + tail + note(shown.length);
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  return "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
}

/** The first `length` UTF-16 units of `text`, one fewer if that would split a surrogate pair. */
export function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** GitLab's Terraform report (`artifacts:reports:terraform`): the counts its merge-request widget shows. */
export function gitlabReport(summary: PlanSummary): { create: number; update: number; delete: number } {
  if (!summary.counts) throw new Error(`a failed plan has no report: ${summary.line}`);
  return { create: summary.counts.add, update: summary.counts.change, delete: summary.counts.destroy };
}
