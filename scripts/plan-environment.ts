// Which model a workload stack's pull-request plan deploys, with several
// environments (setting environments, docs/promotion.md).
//
// The first environment builds: its plan takes the pull request's build
// context, what the merge deploys there. A later one runs only what the one
// before it deployed and checked (its plan refuses any other digest:
// terraform_data.promotion, stacks/workload.ts), so its plan takes that
// record, what a promotion would deploy there. The record is read as
// `npm run status` reads it (scripts/stack-status.ts: init and state pull,
// which the read-only planner may). With nothing checked there, a promotion
// has nothing to deploy and a plan could only fail on that precondition: no
// plan then, and the record says so and what the environment runs. One
// environment plans as before, with no line of its own.
import { Config, environmentsOf } from "../lib/config";
import { COMMIT_PATTERN, DIGEST_PATTERN } from "../lib/digest";
import { environmentLine } from "./plan-summary";
import { Run, StackStatus, stackStatus } from "./stack-status";
import { stackDirectory } from "./terraform";

/** The model of a pull request: its build context's digest and its commit. */
export interface PullRequestModel {
  readonly digest: string;
  readonly commit: string;
}

export interface PlannedModel {
  /** The plan's -var arguments; undefined when nothing is to be planned. */
  readonly variables?: string[];
  /** plan:stack's environment line (plan-summary.ts), first in the record; undefined with one environment. */
  readonly line?: string;
}

/** What `model_digest` and `model_commit` the plan of `stack` takes; `pullRequest` is asked only when needed. */
export async function plannedModel(stack: string, config: Config, run: Run, pullRequest: () => PullRequestModel): Promise<PlannedModel> {
  const environments = environmentsOf(config);
  const environment = environments.find((candidate) => candidate.stackId === stack);
  if (environment === undefined) return { variables: [] };
  const variables = (model: PullRequestModel) => ["-var", `model_digest=${model.digest}`, "-var", `model_commit=${model.commit}`];
  if (environments.length === 1) return { variables: variables(pullRequest()) };
  const { name } = environment;
  if (environment.index === 0) {
    return { variables: variables(pullRequest()), line: environmentLine(name, `planned with the pull request's model, what the merge deploys to ${name}`) };
  }

  const from = environments[environment.index - 1];
  const earlier = await readWorkload(from.stackId, run, `what ${from.name} deployed and checked, and so what a promotion to ${name} would deploy`);
  const checked = earlier.workload?.checkedDigest;
  if (checked !== undefined) {
    const promoted = {
      digest: recorded(from.stackId, "checked_model_digest", checked, DIGEST_PATTERN),
      commit: recorded(from.stackId, "checked_model_commit", earlier.workload?.checkedCommit, COMMIT_PATTERN),
    };
    return {
      variables: variables(promoted),
      line: environmentLine(name, `planned with the model ${from.name} deployed and checked (${promoted.digest}, commit ${promoted.commit}), what a promotion deploys to ${name}`),
    };
  }
  const why = earlier.workload?.digest === undefined ? "has no model deployed" : `runs ${model(from.stackId, earlier)}, whose prediction check has not passed there`;
  const own = await readWorkload(stack, run, `what ${name} runs`);
  const runs = own.workload?.digest === undefined ? "runs no model yet" : `runs ${model(stack, own)}`;
  return { line: environmentLine(name, `${from.name} ${why}, so a promotion has nothing to deploy and would change nothing; ${name} ${runs}`, false) };
}

async function readWorkload(stack: string, run: Run, what: string): Promise<StackStatus> {
  const status = await stackStatus(stack, stackDirectory(stack), run);
  if (status.deployed === undefined) throw new Error(`stack ${stack}'s state could not be read (${status.detail}), so ${what} is unknown`);
  return status;
}

/** A recorded digest and commit, as the record line shows them. */
function model(stack: string, status: StackStatus): string {
  const digest = recorded(stack, "model_digest", status.workload?.digest, DIGEST_PATTERN);
  const commit = status.workload?.commit === undefined ? "not recorded" : recorded(stack, "model_commit", status.workload.commit, COMMIT_PATTERN);
  return `${digest} (commit ${commit})`;
}

/** An output of a workload state, checked before it reaches a plan's variables or a comment. */
function recorded(stack: string, output: string, value: string | undefined, pattern: RegExp): string {
  if (value === undefined || !pattern.test(value)) {
    const expected = pattern === DIGEST_PATTERN ? "sha256:<64 hex>" : "a commit id of 40 lowercase hex digits";
    throw new Error(`stack ${stack}'s output ${output} is ${JSON.stringify(value ?? "")}: expected ${expected}`);
  }
  return value;
}
