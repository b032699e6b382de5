// `npm run deploy:workload [-- --rollback-to <commit>] [--force] [--canary]
// [--promote [--dry-run]] [--environment <name>] [--outputs <file>]
// [--lock-timeout 5m] [smoke options]`, after `npm run synth`: what CI runs on
// merge, on GitHub and GitLab alike. Failures and what follows them:
// docs/failures.md.
//
// 1. refuses a cdktf.out synthesized from other settings or sources than the
//    current ones (lib/synth-inputs.ts), and a build context with local
//    changes: the record names a commit, so the model must be that commit's;
// 2. takes the commit to deploy: HEAD, or with --rollback-to an ancestor of
//    the deployed commit, whose build context it puts in place first;
// 3. reads what is deployed from the workload stack's state: outputs
//    `model_digest` and `model_commit` come from a record Terraform writes
//    only after the Deployment rolled out, so a failed push, apply or rollout
//    leaves the previous model there and the next run deploys again;
// 4. refuses a commit that does not descend from the deployed one (an older
//    pipeline that ran late would silently roll back), and one that is, or
//    is an ancestor of, the commit the last rollback left (`rolled_back_from`),
//    unless --rollback-to;
// 5. checks the build context, its Dockerfile and the sample request, so
//    nothing is applied for a deploy whose check would fail afterwards;
// 6. the deployed digest: "model unchanged, nothing deployed", only the
//    model check of step 9 runs, unless --force (a changed workload setting, such as replicas);
// 7. checks the Docker daemon can build the image (scripts/docker-daemon.ts);
// 8. plans the workload stack with digest, commit, the rollback record and
//    the time (-detailed-exitcode), checks no other deploy recorded a model
//    meanwhile, and applies exactly that plan; both wait --lock-timeout for a
//    held state lock. A failed rollout prints what the cluster says
//    (scripts/workload-diagnosis.ts); a SIGINT or SIGTERM lets Terraform stop
//    and release the lock (scripts/terraform.ts);
//    With --canary (always with --promote) and a model already recorded,
//    first the canary phase (docs/promotion.md): the new model on the
//    canary's canaryReplicas pods alone (variable `canary` pins the stable
//    Deployment and the record), the check of step 9 against the canary's
//    own Service through the API server's service proxy; an unready canary
//    or a failed check rolls the canary back to no pods and fails the
//    deploy, the record unchanged;
// 9. asks the model at its public URL: the probe path (setting probePath)
//    answers 200, then the sample request (setting sampleRequest) gets the
//    status and fields it names;
//    With a later environment (setting environments), a passed check is
//    recorded as "deployed and checked" (checked_model_digest), which
//    `npm run promote` (--promote) takes to the next environment, no build;
// 10. writes URL, digest and commit to the job summary (GITHUB_STEP_SUMMARY)
//    and, with --outputs, as KEY=value lines (GITHUB_OUTPUT, GitLab dotenv).
// Only the workload stack is touched: the platform stacks are applied by people.
//
// The digest is compared before planning, not read from the plan: on a fresh
// CI machine the docker provider finds no local image and plans to build it
// again, so the plan alone would never say "unchanged".
import { appendFileSync, existsSync, statSync } from "fs";
import { join, resolve } from "path";
import { parseArgs } from "util";
import { environmentsOf, readConfig } from "../lib/config";
import { staleSynth, synthInputs } from "../lib/synth-inputs";
import { COMMIT_PATTERN, DIGEST_PATTERN, IMAGE_PATTERN, digestPath } from "../lib/digest";
import { CanaryTarget, openCanaryProxy } from "./canary-proxy";
import { runMain } from "./cli";
import { checkDockerDaemon } from "./docker-daemon";
import { haveCommonHistory, headCommit, isAncestor, isShallow, localChanges, resolveCommit, restoreDirectory } from "./git";
import { SampleRequest, checkSample, readSampleRequest } from "./sample-request";
import { SMOKE_ARGUMENTS, SmokeOptions, smokeOptions, smokeTest } from "./smoke-test";
import { DEFAULT_LOCK_TIMEOUT, describeHeldLock, heldLock, lockTimeout, requireSharedState, requireStack, terraform, TerraformInterrupted } from "./terraform";
import { Where, diagnoseWorkload, isRolloutFailure } from "./workload-diagnosis";

/** Where CI is told to fetch the whole history; the deploy cannot compare commits it does not have. */
const FULL_HISTORY = "GitHub: actions/checkout with `fetch-depth: 0`; GitLab: variable `GIT_DEPTH: 0`";
const ROLLBACK_HOW = "--rollback-to <commit> (GitHub: Run workflow with input rollback_to; GitLab: Run pipeline with variable ROLLBACK_TO)";

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

interface DeployRequest {
  /** The workload stack's directory. */
  readonly directory: string;
  readonly buildContext: string;
  /** The commit whose build context is deployed and recorded as `model_commit`. */
  readonly commit: string;
  /** True for --rollback-to: the commit must be an ancestor of the deployed one. */
  readonly rollback: boolean;
  readonly force: boolean;
  readonly lockTimeout: string;
  readonly smoke: SmokeOptions;
  /** The clock whose time the record keeps as deployed_at. */
  readonly now: () => Date;
  /** Where the model runs, for what the cluster says after a failed rollout. */
  readonly cluster: Where;
  /** The sample request file (setting sampleRequest), read when the model is asked: after a rollback it is the old commit's. */
  readonly sampleRequest: string;
  /** With --canary: where the canary's Service is; the new model serves there first. */
  readonly canary?: Omit<CanaryTarget, "service">;
  /** The environment deployed (setting environments). */
  readonly environment: string;
  /** With --promote: the environment whose checked model is deployed here. */
  readonly promoteFrom?: { readonly name: string; readonly directory: string };
  /** With --promote --dry-run: say what the promotion would change, apply nothing. */
  readonly dryRun: boolean;
  /** A later environment promotes from this one: a passed check is recorded (checked_model_digest). */
  readonly recordsChecked: boolean;
}

/** What the workload's state says is deployed; digest and commit undefined before the first successful rollout. */
interface Deployed {
  readonly digest?: string;
  readonly commit?: string;
  /** The model's public URL, once the Service has an address. */
  readonly url?: string;
  /** The commit the last rollback left, until a deploy descends from it. */
  readonly rolledBackFrom?: string;
  /** When the recorded model was deployed, as the record keeps it. */
  readonly deployedAt?: string;
  /** The recorded image, `<repository>@sha256:<hex>`: what the stable pods run. */
  readonly image?: string;
  /** The model on the canary's pods, undefined when it has none. */
  readonly canaryDigest?: string;
  /** The canary's ClusterIP Service, once the stack has one. */
  readonly canaryService?: string;
  /** The digest recorded as deployed and checked here; undefined until a check passed. */
  readonly checkedDigest?: string;
}

/**
 * The workload state's outputs. `terraform output -json` prints `{}` when
 * there is no state yet; `-raw` would print the warning "No outputs found"
 * on stdout with status 0 (Terraform v1.11.4 internal/command/views/
 * output.go:115-120 and 192-254), which reads like a value.
 */
async function readDeployed(directory: string): Promise<Deployed> {
  const result = await terraform(["output", "-json"], directory);
  if (result.status !== 0) {
    // Guessing "nothing deployed" here would let any commit deploy over a newer one.
    const lines = result.output.trim().split("\n");
    const said = lines.find((line) => line.startsWith("Error: ")) ?? lines.at(-1);
    throw new Error(`terraform output failed with exit status ${result.status}, so what is deployed is unknown: ${said}`);
  }
  let outputs: Record<string, { value?: unknown }>;
  try {
    outputs = JSON.parse(result.stdout);
  } catch {
    throw new Error(`terraform output -json printed ${JSON.stringify(result.stdout.slice(0, 200))}: expected a JSON object of outputs`);
  }
  const value = (name: string) => {
    const found = outputs[name]?.value;
    return typeof found === "string" && found !== "" ? found : undefined;
  };
  const digest = value("model_digest");
  const commit = value("model_commit");
  if (digest !== undefined && !DIGEST_PATTERN.test(digest)) {
    throw new Error(`the workload state's output model_digest is ${JSON.stringify(digest)}: expected sha256:<64 hex>`);
  }
  const rolledBackFrom = value("rolled_back_from");
  for (const [name, found] of [["model_commit", commit], ["rolled_back_from", rolledBackFrom]]) {
    if (found !== undefined && !COMMIT_PATTERN.test(found)) {
      throw new Error(`the workload state's output ${name} is ${JSON.stringify(found)}: expected a commit id of 40 lowercase hex digits`);
    }
  }
  const image = value("image");
  if (image !== undefined && !IMAGE_PATTERN.test(image)) {
    throw new Error(`the workload state's output image is ${JSON.stringify(image)}: expected <repository>@sha256:<64 hex>`);
  }
  return {
    digest,
    commit,
    url: value("url"),
    rolledBackFrom,
    deployedAt: value("deployed_at"),
    image,
    canaryDigest: value("canary_digest"),
    canaryService: value("canary_service"),
    checkedDigest: value("checked_model_digest"),
  };
}

/**
 * The commit the last rollback left, when the checkout has it. One a force
 * push removed from the history is no commit anyone can deploy again; a
 * shallow clone may merely lack it, and then nothing can be said.
 */
function rolledBackFrom(deployed: Deployed, cwd: string): string | undefined {
  const left = deployed.rolledBackFrom;
  if (left === undefined || resolveCommit(left, cwd) !== undefined) return left;
  if (isShallow(cwd)) {
    throw new Error(`the commit ${left} that the last rollback left is not in this checkout, a shallow clone, so the deploy cannot tell whether it would undo that rollback: fetch the full history (${FULL_HISTORY})`);
  }
  log(`the commit ${left} that the last rollback left is no longer in the repository's history: nothing to keep from it`);
  return undefined;
}

/**
 * What the record keeps as rolled back from after deploying `commit`: for a
 * rollback the later of the deployed commit and the one an earlier rollback
 * left; dropped once `commit` descends from it, since the order check then
 * refuses its ancestors anyway.
 */
function nextRolledBackFrom(request: Pick<DeployRequest, "commit" | "rollback">, deployed: Deployed, cwd = "."): string | undefined {
  const left = rolledBackFrom(deployed, cwd);
  let kept = left;
  if (request.rollback && deployed.commit !== undefined && resolveCommit(deployed.commit, cwd) !== undefined) {
    kept = left !== undefined && isAncestor(deployed.commit, left, cwd) ? left : deployed.commit;
  }
  return kept !== undefined && !isAncestor(kept, request.commit, cwd) ? kept : undefined;
}

/**
 * Refuses to deploy `request.commit` over the deployed commit unless it
 * descends from it (or, for a rollback, is one of its ancestors). Returns
 * the line to log when the order is right.
 */
function checkOrder(request: Pick<DeployRequest, "commit" | "rollback">, deployed: Deployed, cwd = "."): string {
  const { commit, rollback } = request;
  if (deployed.commit === undefined) {
    return deployed.digest === undefined
      ? "nothing deployed yet: no order to keep"
      : "the deployed model has no recorded commit (deployed before commits were recorded): order not checked";
  }
  const was = deployed.commit;
  if (resolveCommit(was, cwd) === undefined) {
    if (isShallow(cwd)) {
      throw new Error(
        `the deployed commit ${was} is not in this checkout, a shallow clone, so the deploy cannot tell whether ${commit} is newer: ` +
          `fetch the full history (${FULL_HISTORY})`,
      );
    }
    throw new Error(
      `the deployed commit ${was} is not in the repository's history (rewritten by a force push?), so ${commit} cannot be shown to be newer. ` +
        `If a clone still has ${short(was)}, join the histories on the default branch (git merge -s ours --allow-unrelated-histories ${was}) and push; ` +
        "otherwise see docs/failures.md, \"Deployed commit unknown\"",
    );
  }
  const left = rolledBackFrom(deployed, cwd);
  if (rollback) {
    if (left !== undefined && isAncestor(commit, left, cwd) && !isAncestor(commit, was, cwd)) {
      return `undoing the rollback from ${left}: deploying its ancestor ${commit} on request`;
    }
    if (!isAncestor(commit, was, cwd)) {
      throw new Error(
        `rollback target ${commit} is not an ancestor of the deployed commit ${was}: a rollback goes back along the deployed history; ` +
          "to deploy a newer commit, deploy it without --rollback-to",
      );
    }
    return commit === was ? `rollback target ${commit} is the deployed commit` : `rolling back from the deployed commit ${was} to its ancestor ${commit}`;
  }
  if (left !== undefined && isAncestor(commit, left, cwd)) {
    throw new Error(
      `commit ${commit} is ${commit === left ? "the commit" : `an ancestor of the commit ${left}`} that a rollback to ${was} left: deploying it would undo that rollback. ` +
        `Deploy a newer commit (such as a revert of the bad change); or, to undo the rollback on purpose: ${ROLLBACK_HOW}`,
    );
  }
  if (isAncestor(was, commit, cwd)) {
    return commit === was ? `commit ${commit} is the deployed one` : `commit ${commit} descends from the deployed commit ${was}`;
  }
  if (!haveCommonHistory(was, commit, cwd)) {
    throw new Error(
      `commit ${commit} shares no history with the deployed commit ${was} (a force push of another history?): refusing to replace the deployed model. ` +
        `If the new history replaces the old on purpose, join them on the default branch (git merge -s ours --allow-unrelated-histories ${was}) and push`,
    );
  }
  throw new Error(
    `commit ${commit} does not descend from the deployed commit ${was}: deploying it would put an older model over a newer one ` +
      `(a pipeline that ran late?). To roll back on purpose: ${ROLLBACK_HOW}`,
  );
}

/**
 * Runs terraform and fails with the command's name unless it exits with one
 * of `ok`; says who holds a held lock, and `next` (what happens next) otherwise.
 */
async function mustRun(args: string[], request: DeployRequest, ok = [0], next = ""): Promise<number> {
  let result;
  try {
    result = await terraform(args, request.directory, { echo: true });
  } catch (error) {
    if (error instanceof TerraformInterrupted) throw new Error(`terraform ${args[0]} ${error.message}${next}`);
    throw error;
  }
  if (ok.includes(result.status)) return result.status;
  if (isRolloutFailure(result.output)) {
    for (const line of diagnoseWorkload(request.cluster)) log(line);
  }
  const lock = heldLock(result.output);
  if (lock) throw new Error(`terraform ${args[0]}: ${describeHeldLock(lock, request.directory, request.lockTimeout)}`);
  if (result.output.includes("Error: Saved plan is stale")) {
    throw new Error(`terraform ${args[0]}: another run changed the workload state after this plan, so nothing was applied; re-run to plan against it`);
  }
  throw new Error(`terraform ${args[0]} failed with exit status ${result.status}: see its output above${next}`);
}

interface Deployment {
  readonly headline: string;
  readonly deployed: boolean;
  readonly digest: string;
  readonly commit: string;
  readonly previous: Deployed;
  readonly url?: string;
  readonly smoke?: string;
  /** What the canary phase did, when there was one. */
  readonly canary?: string;
  /** With --dry-run: what a promotion would change, as markdown. */
  readonly preview?: string;
}

/**
 * Asks the model at `url`: the probe path answers 200 (bounded retries while
 * a new load balancer starts routing), then the sample request gets the
 * answer it names. A model that starts but fails every prediction fails here.
 */
async function checkModel(url: string, request: DeployRequest, sample: SampleRequest): Promise<string> {
  const probe = await smokeTest(url, request.smoke);
  log(`smoke test passed: ${probe}`);
  const prediction = await checkSample(url, sample, request.smoke.timeoutMs);
  log(`prediction check passed: ${prediction}`);
  return `${probe}; ${prediction}`;
}

/** The image is built from the build context's Dockerfile (the docker provider's default name). */
function checkBuildContext(buildContext: string): void {
  const stat = existsSync(buildContext) ? statSync(buildContext) : undefined;
  if (!stat?.isDirectory()) {
    throw new Error(`build context ${buildContext} (setting buildContext) is not a directory: expected the model server's directory, with its Dockerfile`);
  }
  const dockerfile = join(buildContext, "Dockerfile");
  if (!existsSync(dockerfile) || !statSync(dockerfile).isFile()) {
    throw new Error(`build context ${buildContext} has no Dockerfile: the image is built from ${dockerfile} (\`mlem build docker_dir\` writes one)`);
  }
}

function describeDeployed(deployed: Deployed): string {
  if (deployed.digest === undefined) return "nothing";
  return deployed.commit === undefined ? `\`${deployed.digest}\` (commit not recorded)` : `\`${deployed.digest}\` at \`${deployed.commit}\``;
}

function jobSummary(deployment: Deployment): string {
  const rows = [
    ["URL", deployment.url ? `${deployment.url} ([API docs](${deployment.url}/docs))` : "none yet"],
    ["Model digest", `\`${deployment.digest}\``],
    ["Model commit", `\`${deployment.commit}\``],
    ["Previously deployed", describeDeployed(deployment.previous)],
    ["Smoke test", deployment.smoke ?? "not run: no URL"],
    ...(deployment.canary ? [["Canary", deployment.canary]] : []),
  ];
  return `## Deploy: ${deployment.headline}\n\n| | |\n|---|---|\n${rows.map(([key, value]) => `| ${key} | ${value} |`).join("\n")}\n`;
}

/** What `--promote` takes from the environment before: the model it deployed and checked. */
interface Promotion {
  readonly from: string;
  readonly digest: string;
  readonly commit: string;
  readonly image: string;
}

/**
 * The record the environment before the target wrote once its prediction
 * check passed (stacks/workload.ts, checked_*): the only model a promotion
 * may take. The target's plan refuses any other digest too.
 */
async function readPromotion(from: { name: string; directory: string }): Promise<Promotion> {
  const init = await terraform(["init", "-input=false", "-no-color"], from.directory, { echo: true });
  if (init.status !== 0) throw new Error(`terraform init of ${from.name}'s stack failed with exit status ${init.status}: see its output above`);
  const result = await terraform(["output", "-json"], from.directory);
  if (result.status !== 0) throw new Error(`terraform output of ${from.name}'s stack failed with exit status ${result.status}, so what it checked is unknown`);
  const outputs = JSON.parse(result.stdout) as Record<string, { value?: unknown }>;
  const value = (name: string) => (typeof outputs[name]?.value === "string" ? (outputs[name].value as string) : "");
  const [digest, commit, image] = [value("checked_model_digest"), value("checked_model_commit"), value("checked_image")];
  if (digest === "") {
    const deployed = value("model_digest");
    throw new Error(
      `${from.name} has no model deployed and checked${deployed ? ` (it runs ${deployed}, whose prediction check has not passed there)` : ""}: ` +
        `nothing to promote; deploy to ${from.name} first and let its check pass`,
    );
  }
  if (!DIGEST_PATTERN.test(digest) || !COMMIT_PATTERN.test(commit) || !IMAGE_PATTERN.test(image)) {
    throw new Error(`${from.name}'s checked record is ${JSON.stringify({ digest, commit, image })}: expected sha256:<64 hex>, a 40-hex commit and <repository>@sha256:<64 hex>`);
  }
  return { from: from.name, digest, commit, image };
}

/** What a promotion would change, as markdown for the job summary and the pull request. */
export function promotionPreview(target: string, now: Deployed, promotion: Promotion): string {
  const current = now.digest === undefined ? "nothing" : `\`${now.digest}\` (commit \`${now.commit ?? "not recorded"}\`)`;
  const change = now.digest === promotion.digest ? "nothing: it runs that model already" : `${target} moves from ${current} to \`${promotion.digest}\` behind a canary`;
  const rows = [
    [`${promotion.from} checked`, `\`${promotion.digest}\` (commit \`${promotion.commit}\`), image \`${promotion.image}\``],
    [`${target} runs`, current],
    ...(now.canaryDigest ? [[`${target} canary`, `\`${now.canaryDigest}\``]] : []),
    ["A promotion would change", change],
  ];
  return `## Promotion ${promotion.from} → ${target}\n\n| | |\n|---|---|\n${rows.map(([key, value]) => `| ${key} | ${value} |`).join("\n")}\n`;
}

/** Steps 3 to 9 of the header; throws when any of them fails. `progress` learns the digest once known. */
async function deploy(request: DeployRequest, progress: { digest?: string }): Promise<Deployment> {
  const { directory } = request;
  await mustRun(["init", "-input=false", "-no-color"], request);
  const promotion = request.promoteFrom ? await readPromotion(request.promoteFrom) : undefined;
  const commit = promotion?.commit ?? request.commit;
  const previous = await readDeployed(directory);
  log(
    previous.digest === undefined
      ? "no model deployed yet"
      : `deployed model digest: ${previous.digest}, commit: ${previous.commit ?? "not recorded"}`,
  );
  if (promotion && request.dryRun) {
    const preview = promotionPreview(request.environment, previous, promotion);
    log(preview);
    return { headline: "promotion preview (nothing applied)", deployed: false, digest: promotion.digest, commit, previous, url: previous.url, preview };
  }
  const ordered = { ...request, commit };
  log(checkOrder(ordered, previous));
  if (request.rollback) {
    restoreDirectory(request.buildContext, commit, ".");
    log(`${request.buildContext} restored as of commit ${commit} (undo: git restore -- ${request.buildContext})`);
  }
  // Checked now, before anything is applied: after a rollout a malformed
  // sample would fail a deploy that already changed production, and its
  // re-run would say "unchanged". A promotion builds nothing.
  if (!promotion) checkBuildContext(request.buildContext);
  const sample = readSampleRequest(request.sampleRequest);
  const digest = promotion?.digest ?? digestPath(resolve(request.buildContext));
  progress.digest = digest;
  log(
    promotion
      ? `promoting model ${digest} of commit ${commit}, which ${promotion.from} deployed and checked, to ${request.environment}: image ${promotion.image}, no build`
      : `model digest of ${request.buildContext} at commit ${commit}: ${digest}`,
  );

  const modelUnchanged = previous.digest === digest;
  if (modelUnchanged && !request.force) {
    log("model unchanged, nothing deployed");
    // Still ask the model: a re-run after a failed smoke test must fail again
    // until the service answers, not turn green because nothing changed.
    const url = previous.url;
    const passed = url === undefined ? undefined : await checkModel(url, request, sample);
    // A re-run after a failed check records the model as checked once it passes.
    if (request.recordsChecked && passed !== undefined && previous.checkedDigest !== digest) await recordChecked(request, digest, commit);
    return { headline: "model unchanged, nothing deployed", deployed: false, digest, commit, previous, url, smoke: passed };
  }

  // Only the first environment builds; a promotion runs the checked image.
  if (!promotion) log(`docker: ${checkDockerDaemon()}`);
  const keep = nextRolledBackFrom(ordered, previous);
  if (keep !== undefined) log(`keeping the rollback's record: commit ${keep} and its ancestors deploy only with --rollback-to`);
  const vars = [
    ...["-var", `model_digest=${digest}`, "-var", `model_commit=${commit}`, "-var", `rolled_back_from=${keep ?? ""}`],
    ...["-var", `deployed_at=${request.now().toISOString()}`],
  ];
  // A failed push or rollout leaves the record of the previous model in place
  // (it is written after the Deployment), so the next run deploys again.
  const recorded = previous.digest === undefined ? "no model" : `model ${previous.digest}`;
  const next = `; the state still records ${recorded} as deployed, so the next run plans and applies again`;

  let canary: string | undefined;
  if (request.canary && !modelUnchanged) {
    if (previous.digest === undefined || previous.commit === undefined || previous.image === undefined) {
      canary = "none: nothing recorded serves yet (or its image is not recorded), so the model rolls out to every pod";
      log(`canary: ${canary}`);
    } else {
      canary = await canaryPhase(request, previous, digest, commit, sample);
    }
  }

  const planned = await planAndApply(
    request,
    previous,
    vars,
    next,
    modelUnchanged
      ? "model unchanged; applying the other changes of the workload stack (--force)"
      : `deploying model ${digest} of commit ${commit}${request.rollback ? " (rollback)" : ""}`,
  );
  if (planned === "no changes") {
    log("no changes, nothing deployed");
    return { headline: "no changes, nothing deployed", deployed: false, digest, commit, previous, url: previous.url, canary };
  }
  const { url } = await readDeployed(directory);
  if (url === undefined) throw new Error("the workload stack has no output url after apply");
  const passed = await checkModel(url, request, sample);
  if (request.recordsChecked) await recordChecked(request, digest, commit);
  const headline = modelUnchanged
    ? "model unchanged, workload settings applied"
    : promotion
      ? `model ${digest} promoted from ${promotion.from}`
      : `model ${digest} ${request.rollback ? `rolled back to commit ${commit}` : "deployed"}`;
  return { headline, deployed: true, digest, commit, previous, url, smoke: passed, canary };
}

/**
 * "Deployed and checked" (stacks/workload.ts, checked_*): the record the next
 * environment promotes from, written by a second apply once the prediction
 * check passed on what this deploy recorded. It changes nothing else: the
 * record's own values are passed back as they are.
 */
async function recordChecked(request: DeployRequest, digest: string, commit: string): Promise<void> {
  const now = await readDeployed(request.directory);
  const vars = [
    ...["-var", `model_digest=${digest}`, "-var", `model_commit=${commit}`, "-var", `checked_model_digest=${digest}`],
    ...["-var", `rolled_back_from=${now.rolledBackFrom ?? ""}`, "-var", `deployed_at=${now.deployedAt ?? ""}`],
  ];
  await planAndApply(request, now, vars, "; the model serves, but is not recorded as checked: re-run the deploy to record it", `recording model ${digest} as deployed and checked in ${request.environment}`);
}

/**
 * Plans the workload stack with `vars` (-detailed-exitcode), checks no other
 * deploy recorded a model meanwhile, and applies exactly that plan.
 */
async function planAndApply(request: DeployRequest, previous: Deployed, vars: string[], next: string, applying: string): Promise<"applied" | "no changes"> {
  const lock = `-lock-timeout=${request.lockTimeout}`;
  // verify_rollout: the record is written only once the Deployment's status
  // says the rollout completed, so a retry after a failed rollout re-checks
  // it instead of recording pods that never became ready (stacks/workload.ts).
  const all = [...vars, "-var", "verify_rollout=true"];
  const planned = await mustRun(["plan", "-input=false", "-no-color", "-detailed-exitcode", lock, "-out=deploy.tfplan", ...all], request, [0, 2]);
  // The order was checked against a record read without the lock. Reading it
  // again now catches a deploy that applied since; one that applies after
  // this read makes Terraform refuse the saved plan as stale (v1.11.4
  // internal/backend/local/backend_local.go:322-327). So an older commit
  // never lands over a newer one, even outside CI's queue.
  const now = await readDeployed(request.directory);
  if (now.digest !== previous.digest || now.commit !== previous.commit || now.rolledBackFrom !== previous.rolledBackFrom) {
    throw new Error(
      `another deploy recorded model ${now.digest ?? "none"} at commit ${now.commit ?? "none"} while this one planned: nothing applied; ` +
        "re-run to check the order against it",
    );
  }
  if (planned === 0) return "no changes";
  log(applying);
  await mustRun(["apply", "-input=false", "-no-color", lock, "deploy.tfplan"], request, [0], next);
  return "applied";
}

/**
 * The canary phase: the new model on the canary's pods alone (the stable
 * Deployment and the record pinned to what serves now, its rollback and
 * deploy time included), its prediction checked through the canary's own
 * Service, then either on to the full rollout (returns what passed) or, when
 * the canary never became ready or failed the check, back to no canary pods,
 * and the deploy fails.
 */
async function canaryPhase(request: DeployRequest, previous: Deployed, digest: string, commit: string, sample: SampleRequest): Promise<string> {
  const pins = (rolledBack: boolean) => [
    ...["-var", `model_digest=${digest}`, "-var", `model_commit=${commit}`],
    ...["-var", `rolled_back_from=${previous.rolledBackFrom ?? ""}`, "-var", `deployed_at=${previous.deployedAt ?? ""}`],
    ...["-var", `canary=${JSON.stringify({ stable_digest: previous.digest, stable_commit: previous.commit, stable_image: previous.image, rolled_back: rolledBack })}`],
  ];
  const serving = `model ${previous.digest} (commit ${previous.commit}) still serves every stable pod and stays recorded`;
  const rollBack = async (why: string): Promise<never> => {
    log(`canary failed (${why}); rolling the canary back to no pods`);
    try {
      await planAndApply(request, previous, pins(true), "", "rolling the canary back");
    } catch (error) {
      throw new Error(
        `the canary of model ${digest} failed (${why}), and rolling it back failed too: ${(error as Error).message}. ` +
          `The canary may still take its share of requests: see docs/failures.md, "Canary rollback failed"`,
      );
    }
    throw new Error(`the canary of model ${digest} failed (${why}) and was rolled back to no pods: ${serving}`);
  };

  try {
    await planAndApply(request, previous, pins(false), "", `canary: model ${digest} on the canary's pods, beside ${previous.digest}`);
  } catch (error) {
    // A held lock or a race: nothing was applied, nothing to roll back.
    if (!(error as Error).message.startsWith("terraform apply failed")) throw error;
    return rollBack("its rollout did not complete: see the apply's output above");
  }
  const { canaryService } = await readDeployed(request.directory);
  if (canaryService === undefined) return rollBack("the workload stack has no output canary_service");
  let proxy;
  try {
    proxy = await openCanaryProxy({ ...request.canary!, service: canaryService });
  } catch (error) {
    return rollBack(`the canary could not be reached: ${(error as Error).message}`);
  }
  try {
    const passed = await checkModel(proxy.url, request, sample);
    log(`canary passed: ${passed}`);
    return `model ${digest} passed on the canary's pods alone (${passed}), then rolled out to every pod`;
  } catch (error) {
    return rollBack(`its prediction check failed: ${(error as Error).message}`);
  } finally {
    proxy.close();
  }
}

runMain("deploy:workload", async () => {
  const { values } = parseArgs({
    options: {
      outputs: { type: "string" },
      force: { type: "boolean", default: false },
      "rollback-to": { type: "string" },
      "lock-timeout": { type: "string", default: DEFAULT_LOCK_TIMEOUT },
      canary: { type: "boolean", default: false },
      environment: { type: "string" },
      promote: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      ...SMOKE_ARGUMENTS,
    },
  });
  const waitForLock = lockTimeout(values["lock-timeout"], "--lock-timeout");
  const config = readConfig();
  // The probe path is a setting (MLEM /docs, BentoML /readyz); --path overrides it.
  const smoke = smokeOptions({ ...values, path: values.path ?? config.probePath }, (line) => log(`smoke test: ${line}`));
  requireSharedState(config);
  const environments = environmentsOf(config);
  const promote = values.promote;
  const names = environments.map((environment) => environment.name).join(", ");
  // A deploy goes to the first environment, the one that builds; --promote to the last.
  const environment =
    values.environment === undefined
      ? environments[promote ? environments.length - 1 : 0]
      : environments.find((candidate) => candidate.name === values.environment);
  if (environment === undefined) throw new Error(`--environment is ${JSON.stringify(values.environment)}: expected one of ${names} (setting environments)`);
  if (promote && environment.index === 0) {
    throw new Error(
      environments.length === 1
        ? `--promote needs two environments at least, and environments is ${names}: set environments to staging,production (docs/promotion.md)`
        : `--promote to ${environment.name}, the first environment: it builds, nothing comes before it; promote to one of ${environments.slice(1).map((e) => e.name).join(", ")}`,
    );
  }
  if (!promote && environment.index > 0) {
    throw new Error(`--environment is ${environment.name}, which runs only what ${environments[environment.index - 1].name} checked: deploy it with --promote (npm run promote)`);
  }
  // GitLab names the job's environment; keyless sign-in admits each
  // environment's deployer only there (stacks/identity.ts), so a mismatch
  // would sign in as another environment's deployer.
  const ciEnvironment = process.env.GITLAB_CI === "true" ? process.env.CI_ENVIRONMENT_NAME : undefined;
  if (ciEnvironment && ciEnvironment !== environment.name) {
    throw new Error(
      `this job runs in GitLab environment ${ciEnvironment} but deploys environment ${environment.name}, whose deployer signs in only in a job of that environment: ` +
        `name the job's environment ${environment.name} (the deploy job: CI/CD variable DEPLOY_ENVIRONMENT)`,
    );
  }
    if (values["dry-run"] && !promote) throw new Error("--dry-run previews a promotion: use it with --promote");
  if (promote && values["rollback-to"] !== undefined) throw new Error(`--rollback-to rebuilds an older model in ${environments[0].name}; a promotion takes only what it checked`);
  const directory = requireStack(environment.stackId);

  const stale = staleSynth("cdktf.out", synthInputs(config));
  if (stale) throw new Error(stale);

  const head = headCommit(".");
  let commit = head;
  const rollbackTo = values["rollback-to"];
  if (rollbackTo !== undefined) {
    if (!/^[0-9a-f]{7,40}$/i.test(rollbackTo)) {
      throw new Error(`--rollback-to is ${JSON.stringify(rollbackTo)}: expected a commit id, 7 to 40 hex digits`);
    }
    const found = resolveCommit(rollbackTo, ".");
    if (found === undefined) {
      throw new Error(`--rollback-to is ${rollbackTo}: no such commit in this checkout (a shallow clone? ${FULL_HISTORY})`);
    }
    commit = found;
    log(`rollback requested at HEAD ${head}: deploying the build context of commit ${commit}`);
  } else if (promote) {
    log(`promoting to ${environment.name} what ${environments[environment.index - 1].name} checked`);
  } else {
    // The record says the model is this commit's, and a rollback to it restores what git has.
    const changed = localChanges(config.buildContext, ".");
    if (changed.length > 0) {
      throw new Error(
        `${config.buildContext} holds changes or files git does not track (${changed.slice(0, 5).join(", ")}${changed.length > 5 ? `, ${changed.length - 5} more` : ""}): ` +
          `the deploy records the model as commit ${short(commit)}'s, so the build context must be exactly as committed; commit them, or remove them (git stash --include-untracked)`,
      );
    }
    log(`deploying commit ${commit} (HEAD)`);
  }

  const request: DeployRequest = {
    directory,
    buildContext: config.buildContext,
    commit,
    rollback: rollbackTo !== undefined,
    force: values.force,
    lockTimeout: waitForLock,
    smoke,
    sampleRequest: config.sampleRequest,
    cluster: { ...config, namespace: environment.namespace },
    now: () => new Date(),
    // A promotion always moves behind a canary.
    ...(values.canary || promote
      ? { canary: { projectId: config.projectId, zone: config.zone, clusterName: config.clusterName, namespace: environment.namespace } }
      : {}),
    environment: environment.name,
    ...(promote ? { promoteFrom: { name: environments[environment.index - 1].name, directory: requireStack(environments[environment.index - 1].stackId) } } : {}),
    dryRun: values["dry-run"],
    recordsChecked: environment.index < environments.length - 1,
  };
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  const progress: { digest?: string } = {};
  let deployment: Deployment;
  try {
    deployment = await deploy(request, progress);
  } catch (error) {
    const what = progress.digest ? `Model digest \`${progress.digest}\`` : `Commit \`${commit}\``;
    if (summaryFile) appendFileSync(summaryFile, `## Deploy failed\n\n${what}: ${(error as Error).message}\n`);
    throw error;
  }
  if (summaryFile) appendFileSync(summaryFile, deployment.preview ?? jobSummary(deployment));
  if (values.outputs) {
    const lines = [
      `DEPLOY_URL=${deployment.url ?? ""}`,
      `MODEL_DIGEST=${deployment.digest}`,
      `MODEL_COMMIT=${deployment.commit}`,
      `DEPLOYED=${deployment.deployed}`,
      ...(deployment.canary ? [`CANARY=${deployment.canary}`] : []),
    ];
    appendFileSync(values.outputs, `${lines.join("\n")}\n`);
  }
  return 0;
});
