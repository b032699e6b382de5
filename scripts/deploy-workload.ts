// `npm run deploy:workload [-- --outputs <file>] [--force] [smoke options]`,
// after `npm run synth`: what CI runs on merge, on GitHub and GitLab alike.
//
// 1. computes the model digest of the build context (as `npm run digest`);
// 2. reads the deployed digest from the workload stack's state (the output
//    reads it back from the Deployment, so a failed push or apply does not
//    count): the same one means "model unchanged, nothing deployed", and only
//    the smoke test runs, unless --force (a changed workload setting, such as
//    replicas, is to be applied);
// 3. plans the workload stack with the digest (-detailed-exitcode);
// 4. applies exactly that plan; Terraform waits for the rollout, so a rollout
//    that fails fails the apply;
// 5. smoke-tests the public URL (GET /docs answers 200);
// 6. writes URL and digest to the job summary (GITHUB_STEP_SUMMARY) and, with
//    --outputs, as KEY=value lines (GITHUB_OUTPUT, or a GitLab dotenv report).
// Only the workload stack is touched: the platform stacks are applied by people.
//
// The digest is compared before planning, not read from the plan: on a fresh
// CI machine the docker provider finds no local image and plans to build it
// again, so the plan alone would never say "unchanged".
import { appendFileSync } from "fs";
import { resolve } from "path";
import { parseArgs } from "util";
import { readConfig } from "../lib/config";
import { DIGEST_PATTERN, digestPath } from "../lib/digest";
import { runMain } from "./cli";
import { SMOKE_ARGUMENTS, SmokeOptions, smokeOptions, smokeTest } from "./smoke-test";
import { WORKLOAD_STACK, requireSharedState, requireStack, terraform } from "./terraform";

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs terraform and fails with the command's name unless it exits 0. */
async function mustRun(args: string[], directory: string): Promise<void> {
  const result = await terraform(args, directory, { echo: true });
  if (result.status !== 0) throw new Error(`terraform ${args[0]} failed with exit status ${result.status}: see its output above`);
}

/** The value of an output of the workload's state; undefined before the first deploy. */
async function stateOutput(name: string, directory: string): Promise<string | undefined> {
  // Without state Terraform prints a warning and nothing on stdout, with status 0.
  const result = await terraform(["output", "-no-color", "-raw", name], directory);
  const value = result.stdout.trim();
  return result.status === 0 && value !== "" ? value : undefined;
}

interface Deployment {
  readonly headline: string;
  readonly deployed: boolean;
  readonly digest: string;
  readonly previous?: string;
  readonly url?: string;
  readonly smoke?: string;
}

function jobSummary(deployment: Deployment): string {
  const rows = [
    ["URL", deployment.url ? `${deployment.url} ([API docs](${deployment.url}/docs))` : "none yet"],
    ["Model digest", `\`${deployment.digest}\``],
    ["Previously deployed", deployment.previous ? `\`${deployment.previous}\`` : "nothing"],
    ["Smoke test", deployment.smoke ?? "not run: no URL"],
  ];
  return `## Deploy: ${deployment.headline}\n\n| | |\n|---|---|\n${rows.map(([key, value]) => `| ${key} | ${value} |`).join("\n")}\n`;
}

/** Steps 2 to 5 of the header; throws when any of them fails. */
async function deploy(directory: string, digest: string, smoke: SmokeOptions, force: boolean): Promise<Deployment> {
  await mustRun(["init", "-input=false", "-no-color"], directory);
  const found = await stateOutput("model_digest", directory);
  const previous = found !== undefined && DIGEST_PATTERN.test(found) ? found : undefined;
  log(previous === undefined ? "no model deployed yet" : `deployed model digest: ${previous}`);
  const modelUnchanged = previous === digest;
  if (modelUnchanged && !force) {
    log("model unchanged, nothing deployed");
    // Still ask the model: a re-run after a failed smoke test must fail again
    // until the service answers, not turn green because nothing changed.
    const url = await stateOutput("url", directory);
    const passed = url === undefined ? undefined : await smokeTest(url, smoke);
    if (passed !== undefined) log(`smoke test passed: ${passed}`);
    return { headline: "model unchanged, nothing deployed", deployed: false, digest, previous, url, smoke: passed };
  }

  const plan = await terraform(
    ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=deploy.tfplan", "-var", `model_digest=${digest}`],
    directory,
    { echo: true },
  );
  if (plan.status === 0) {
    log("no changes, nothing deployed");
    return { headline: "no changes, nothing deployed", deployed: false, digest, previous, url: await stateOutput("url", directory) };
  }
  if (plan.status !== 2) throw new Error(`terraform plan failed with exit status ${plan.status}: see its output above`);

  log(modelUnchanged ? "model unchanged; applying the other changes of the workload stack (--force)" : `deploying model ${digest}`);
  await mustRun(["apply", "-input=false", "-no-color", "deploy.tfplan"], directory);
  const url = await stateOutput("url", directory);
  if (url === undefined) throw new Error("the workload stack has no output url after apply");
  const passed = await smokeTest(url, smoke);
  log(`smoke test passed: ${passed}`);
  const headline = modelUnchanged ? "model unchanged, workload settings applied" : `model ${digest} deployed`;
  return { headline, deployed: true, digest, previous, url, smoke: passed };
}

runMain("deploy:workload", async () => {
  const { values } = parseArgs({ options: { outputs: { type: "string" }, force: { type: "boolean", default: false }, ...SMOKE_ARGUMENTS } });
  const smoke = smokeOptions(values, (line) => log(`smoke test: ${line}`));
  const config = readConfig();
  requireSharedState(config);
  const directory = requireStack(WORKLOAD_STACK);
  const digest = digestPath(resolve(config.buildContext));
  log(`model digest of ${config.buildContext}: ${digest}`);

  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  let deployment: Deployment;
  try {
    deployment = await deploy(directory, digest, smoke, values.force);
  } catch (error) {
    if (summaryFile) appendFileSync(summaryFile, `## Deploy failed\n\nModel digest \`${digest}\`: ${(error as Error).message}\n`);
    throw error;
  }
  if (summaryFile) appendFileSync(summaryFile, jobSummary(deployment));
  if (values.outputs) {
    const lines = [`DEPLOY_URL=${deployment.url ?? ""}`, `MODEL_DIGEST=${digest}`, `DEPLOYED=${deployment.deployed}`];
    appendFileSync(values.outputs, `${lines.join("\n")}\n`);
  }
  return 0;
});
