// The plan as a reviewer reads it, built from the saved plan's JSON
// (`terraform show -json`, format 1.x: terraform v1.11.4
// internal/command/jsonplan/plan.go): what is destroyed or replaced first,
// naming what holds data or serves users; then every resource by action, each
// replacement with the attributes that force it (`replace_paths`); the
// model's old and new digest; the outputs; the whole text plan collapsed.
// Values Terraform marks sensitive (`before_sensitive`, `after_sensitive`)
// are never shown, whatever part of them is.
import { COMMENT_LIMIT, commentMarker, cutAt, fenceFor, planComment, summarizePlan } from "./plan-summary";

/** GitHub refuses issue comments longer than this: its API answers 422 "Body is too long (maximum is 65536 characters)". */
export const GITHUB_COMMENT_LIMIT = COMMENT_LIMIT;
/** GitLab's Notes API: "body ... Limited to 1,000,000 characters" (docs.gitlab.com/api/notes). */
export const GITLAB_NOTE_LIMIT = 1_000_000;

// The parts of Terraform's JSON plan this reads.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mask = boolean | Mask[] | { [key: string]: Mask } | undefined;
type Action = "no-op" | "create" | "read" | "update" | "delete";

interface Change {
  readonly actions: Action[];
  readonly before?: Json;
  readonly after?: Json;
  readonly after_unknown?: Mask;
  readonly before_sensitive?: Mask;
  readonly after_sensitive?: Mask;
  readonly replace_paths?: (string | number)[][];
}

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode?: "managed" | "data";
  readonly deposed?: string;
  readonly action_reason?: string;
  readonly change: Change;
}

export interface JsonPlan {
  readonly format_version?: string;
  readonly resource_changes?: ResourceChange[];
  readonly output_changes?: Record<string, Change>;
  readonly variables?: Record<string, { value?: Json }>;
  readonly prior_state?: { values?: { outputs?: Record<string, { value?: Json; sensitive?: boolean }> } };
}

export type Group = "replace" | "destroy" | "create" | "update" | "read";
export const GROUPS: readonly Group[] = ["replace", "destroy", "create", "update", "read"];

function groupOf(actions: readonly Action[]): Group | undefined {
  const key = actions.join(",");
  if (key === "delete,create" || key === "create,delete") return "replace";
  if (key === "delete") return "destroy";
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "read") return "read";
  return undefined;
}

/**
 * What a reviewer must not miss, in the order it matters: what holds data
 * (the cluster runs everything, the state bucket holds every stack's state,
 * the registry every model image, the namespace every object of the model),
 * then what serves users (the Deployment, the Service, its address).
 */
const PRECIOUS: readonly (readonly [string, string])[] = [
  ["google_container_cluster", "the cluster"],
  ["google_storage_bucket", "the state bucket"],
  ["google_artifact_registry_repository", "the registry"],
  ["kubernetes_namespace_v1", "the namespace"],
  ["kubernetes_deployment_v1", "the Deployment"],
  ["kubernetes_service_v1", "the Service"],
  ["google_compute_address", "the Service's address"],
  ["google_container_node_pool", "the node pool"],
];

function preciousRank(type: string): number {
  const index = PRECIOUS.findIndex(([name]) => name === type);
  return index < 0 ? PRECIOUS.length : index;
}

function label(type: string): string | undefined {
  return PRECIOUS.find(([name]) => name === type)?.[1];
}

const UNKNOWN = "known after apply";
/** How cdktf names the outputs it adds for values other stacks read. */
const CROSS_STACK_OUTPUT = "cross-stack-output-";
const SENSITIVE = "(sensitive value)";

/** The value at `path`, or undefined where the path leads nowhere. */
function at(value: Json | undefined, path: readonly (string | number)[]): Json | undefined {
  let current: Json | undefined = value;
  for (const step of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, Json>)[step as string];
  }
  return current;
}

function maskAt(mask: Mask, path: readonly (string | number)[]): Mask {
  let current: Mask = mask;
  for (const step of path) {
    if (current === true) return true;
    if (current === undefined || current === false || typeof current !== "object") return undefined;
    current = (current as Record<string, Mask>)[step as string];
  }
  return current;
}

/** True when the mask marks the value or any part of it. */
function marked(mask: Mask): boolean {
  if (mask === true) return true;
  if (mask === undefined || mask === false || typeof mask !== "object") return false;
  return Object.values(mask).some(marked);
}

/** Inline code that no backtick in `text` can close early. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/[\r\n]+/g, " ")}${pad}${fence}`;
}

/** plan:stack's own words with the digests and commits in them as code, as the model line shows them. */
function codeValues(text: string): string {
  return text.replace(/sha256:[0-9a-f]{64}|\b[0-9a-f]{40}\b/g, (value) => code(value));
}

/** Longer values keep both ends, where names and digests differ. */
const LONGEST_VALUE = 160;

function shown(value: Json | undefined): string {
  if (value === undefined) return "null";
  const text = JSON.stringify(value);
  const half = (LONGEST_VALUE - 1) / 2;
  return text.length > LONGEST_VALUE ? `${text.slice(0, Math.floor(half))}…${text.slice(-Math.ceil(half))}` : text;
}

/** One side of a change at `path`, as Terraform would show it. */
function side(change: Change, which: "before" | "after", path: readonly (string | number)[]): string {
  if (marked(maskAt(which === "before" ? change.before_sensitive : change.after_sensitive, path))) return SENSITIVE;
  // Terraform leaves an unknown value out of `after` and marks it in `after_unknown`.
  if (which === "after" && at(change.after, path) === undefined && marked(maskAt(change.after_unknown, path))) return UNKNOWN;
  return code(shown(at(change[which], path)));
}

/** A path as Terraform writes it: `spec[0].selector`, and `labels["app.kubernetes.io/name"]` for a key that is no name. */
function pathText(path: readonly (string | number)[]): string {
  return path
    .map((step, index) => {
      if (typeof step === "number") return `[${step}]`;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) return `[${JSON.stringify(step)}]`;
      return index === 0 ? step : `.${step}`;
    })
    .join("");
}

function fromTo(change: Change, path: readonly (string | number)[]): string {
  return `${side(change, "before", path)} → ${side(change, "after", path)}`;
}

/** Leaf paths where before and after differ or after is unknown; at most `limit`. */
function changedPaths(change: Change, limit: number): { paths: (string | number)[][]; more: number } {
  const found: (string | number)[][] = [];
  const walk = (before: Json | undefined, after: Json | undefined, unknown: Mask, path: (string | number)[]) => {
    if (unknown === true) return void found.push(path);
    // Terraform shows a sensitive value whole, keys included, as "(sensitive value)": so does this.
    if (maskAt(change.before_sensitive, path) === true || maskAt(change.after_sensitive, path) === true) {
      if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) found.push(path);
      return;
    }
    const container = (value: Json | undefined) => value !== null && typeof value === "object";
    const absent = (value: Json | undefined) => value === undefined || value === null;
    // Into objects and lists, when neither side is a plain value.
    if ((container(before) || container(after)) && (container(before) || absent(before)) && (container(after) || absent(after))) {
      const keys = new Set<string>();
      for (const value of [before, after, unknown as Json]) if (value && typeof value === "object") Object.keys(value).forEach((key) => keys.add(key));
      for (const key of [...keys].sort()) {
        const step = Array.isArray(before) || Array.isArray(after) ? Number(key) : key;
        walk(at(before ?? null, [step]), at(after ?? null, [step]), maskAt(unknown, [step]), [...path, step]);
      }
      return;
    }
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) found.push(path);
  };
  walk(change.before ?? null, change.after ?? null, change.after_unknown, []);
  return { paths: found.slice(0, limit), more: Math.max(0, found.length - limit) };
}

const REASONS: Record<string, string> = {
  replace_because_tainted: "tainted by a failed apply",
  replace_by_request: "replacement requested (-replace)",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "no longer in the configuration",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "count or for_each was added or removed",
  delete_because_count_index: "beyond the new count",
  delete_because_each_key: "its key left for_each",
  delete_because_no_move_target: "moved to an address that does not exist",
  read_because_config_unknown: "its configuration is known only during apply",
  read_because_dependency_pending: "it depends on a change made during apply",
};

export interface ModelChange {
  readonly before?: { digest?: string; commit?: string };
  readonly after: { digest: string; commit?: string };
}

export interface PlanReview {
  readonly groups: Record<Group, ResourceChange[]>;
  /** Destroyed or replaced, the precious first. */
  readonly losses: ResourceChange[];
  readonly outputs: [string, Change][];
  readonly model?: ModelChange;
  readonly counts: { add: number; change: number; destroy: number };
}

function text(value: Json | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** What a JSON plan does, grouped; refuses what is not one. */
export function reviewPlan(plan: JsonPlan): PlanReview {
  if (!plan || typeof plan !== "object" || typeof plan.format_version !== "string" || !/^1\./.test(plan.format_version)) {
    throw new Error(`the plan's JSON has format_version ${JSON.stringify((plan as JsonPlan)?.format_version)}: expected 1.x, as \`terraform show -json <planfile>\` writes it`);
  }
  const groups = Object.fromEntries(GROUPS.map((group) => [group, [] as ResourceChange[]])) as Record<Group, ResourceChange[]>;
  for (const resource of plan.resource_changes ?? []) {
    const group = groupOf(resource.change.actions);
    if (group) groups[group].push(resource);
  }
  const order = (a: ResourceChange, b: ResourceChange) => preciousRank(a.type) - preciousRank(b.type) || a.address.localeCompare(b.address, "en", { numeric: true });
  const losses = [...groups.replace, ...groups.destroy].sort(order);
  for (const group of GROUPS) groups[group].sort(order);
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => groupOf(change.actions) !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));

  // The workload's model: the new digest is the variable, the deployed one the
  // output the deploy record keeps (stacks/workload.ts), as deploy:workload
  // reads them. Outputs someone marked sensitive are never shown: no model line then.
  const digest = text(plan.variables?.model_digest?.value);
  const prior = plan.prior_state?.values?.outputs ?? {};
  const hidden = prior.model_digest?.sensitive === true || prior.model_commit?.sensitive === true;
  const model: ModelChange | undefined =
    digest && !hidden
      ? {
          after: { digest, commit: text(plan.variables?.model_commit?.value) },
          before: prior.model_digest ? { digest: text(prior.model_digest.value), commit: text(prior.model_commit?.value) } : undefined,
        }
      : undefined;
  const counts = {
    add: groups.create.length + groups.replace.length,
    change: groups.update.length,
    destroy: groups.destroy.length + groups.replace.length,
  };
  return { groups, losses, outputs, model, counts };
}

function name(resource: ResourceChange): string {
  const what = label(resource.type);
  return `${code(resource.address)}${resource.deposed ? ` (deposed object ${code(resource.deposed)})` : ""}${what ? ` (${what})` : ""}`;
}

function resourceLine(group: Group, resource: ResourceChange): string {
  const { change } = resource;
  const reason = resource.action_reason ? REASONS[resource.action_reason] : undefined;
  if (group === "replace") {
    const order = change.actions[0] === "create" ? "; the new one is created before the old one is destroyed" : "";
    const paths = change.replace_paths ?? [];
    const forced = paths.length > 0 ? `forced by ${paths.map((path) => `${code(pathText(path))} ${fromTo(change, path)}`).join(", ")}` : (reason ?? "replaced");
    return `- ${name(resource)}: ${forced}${order}`;
  }
  if (group === "update") {
    const { paths, more } = changedPaths(change, 5);
    const listed = paths.map((path) => `${code(pathText(path))} ${fromTo(change, path)}`).join(", ");
    return `- ${name(resource)}${listed ? `: ${listed}` : ""}${more ? `, and ${more} more` : ""}`;
  }
  return `- ${name(resource)}${reason ? `: ${reason}` : ""}`;
}

const HEADINGS: Record<Group, string> = { replace: "Replace", destroy: "Destroy", create: "Create", update: "Update in place", read: "Read during apply" };

function outputLine([key, change]: [string, Change]): string {
  const before = change.actions.includes("create") && (change.before === undefined || change.before === null) ? "(none)" : side(change, "before", []);
  const after = change.actions.includes("delete") ? "(removed)" : side(change, "after", []);
  return `- ${code(key)}: ${before} → ${after}`;
}

function shortDigest(digest: string | undefined): string {
  return digest ? code(digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]*$/, "$1")) : "nothing";
}

function shortCommit(commit: string | undefined): string {
  return commit ? code(commit.slice(0, 7)) : "none recorded";
}

function modelLine(model: ModelChange): string {
  const { before, after } = model;
  if (!before?.digest) return `**Model:** nothing deployed yet → ${shortDigest(after.digest)} (commit ${shortCommit(after.commit)})`;
  if (before.digest === after.digest) {
    return `**Model:** unchanged, ${shortDigest(after.digest)} (commit ${shortCommit(before.commit)} → ${shortCommit(after.commit)})`;
  }
  return `**Model:** ${shortDigest(before.digest)} → ${shortDigest(after.digest)} (commit ${shortCommit(before.commit)} → ${shortCommit(after.commit)})`;
}

/** How many destroyed or replaced things the warning line names before "and N more". */
const NAMED_LOSSES = 8;

function warningLine(review: PlanReview): string | undefined {
  const { losses } = review;
  if (losses.length === 0) return undefined;
  const verb = (resource: ResourceChange) => (groupOf(resource.change.actions) === "replace" ? "replaced" : "destroyed");
  const named = losses.slice(0, NAMED_LOSSES).map((resource) => {
    const what = label(resource.type);
    return `${what ? `${what} ` : ""}${code(resource.address)} (${verb(resource)})`;
  });
  const more = losses.length > NAMED_LOSSES ? `, and ${losses.length - NAMED_LOSSES} more below` : "";
  return `⚠️ **Destroys or replaces ${losses.length}:** ${named.join(", ")}${more}`;
}

/** What cdktf stack names look like here: a marker and a code span hold them safely. */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export interface RenderInput {
  readonly stack: string;
  /** `terraform show -json` of the saved plan; absent when the plan failed and saved none. */
  readonly plan?: JsonPlan;
  /** Terraform's text output of the plan, with plan:stack's own lines. */
  readonly output: string;
  readonly exitStatus: number;
  /** Commit the plan was made for, shown abbreviated. */
  readonly commit?: string;
  /** Link to the job's log, which always holds the whole plan. */
  readonly runUrl?: string;
  /** Longest body allowed: GITHUB_COMMENT_LIMIT or GITLAB_NOTE_LIMIT. */
  readonly limit: number;
  /** Set for the verify job's plan against the provider simulator: the link to what that does not check. */
  readonly offline?: { readonly caveatsUrl: string };
}

/**
 * The comment or note of one stack's plan. Within `limit`: a plan too long is
 * cut from its end, first the collapsed text plan, then the grouped list;
 * the warning line and the title always stay.
 */
export function renderPlan(input: RenderInput): string {
  const { stack, commit, runUrl, limit, offline } = input;
  // The name goes into the hidden marker: "-->" in it would end the comment early.
  if (!STACK_NAME.test(stack)) throw new Error(`stack is ${JSON.stringify(stack)}: expected a stack name of letters, digits, "_" and "-"`);
  // plan:stack and plan:offline ask Terraform for -no-color text.
  const output = input.output.replace(/\s+$/, "");
  const summary = summarizePlan(output, input.exitStatus);
  const at = commit ? ` at ${code(commit.slice(0, 7))}` : "";
  const kind = offline ? `Offline plan of stack ${code(stack)}${at}, against simulated providers ([what it does not check](${offline.caveatsUrl}))` : `Plan of stack ${code(stack)}${at}`;
  const notes = (summary.notDeployed ?? []).map((note) => `- ${note}`);
  const log = runUrl ? `[job log](${runUrl})` : "job log";
  const environment = summary.environment ? `**Environment ${code(summary.environment.name)}:** ${codeValues(summary.environment.says)}.` : undefined;
  if (input.exitStatus === 0 && summary.environment?.planned === false) {
    return `${commentMarker(stack)}\n**${kind}:** not planned. ${environment}`;
  }
  if (input.exitStatus !== 0 || !input.plan) {
    // No JSON to read (the plan failed, or Terraform could not show it): Terraform's own words.
    const why = input.exitStatus === 0 && !input.plan ? "the saved plan could not be read as JSON (the job log says why); Terraform's text follows" : undefined;
    const label = [offline ? `**${kind}**` : undefined, why].filter(Boolean).join(": ") || undefined;
    return planComment({ stack, summary, output, commit, runUrl, limit, label });
  }

  const review = reviewPlan(input.plan!);
  const { counts } = review;
  const changes = GROUPS.some((group) => review.groups[group].length > 0) || review.outputs.length > 0;
  if (!changes) {
    // One line; the marker is hidden. "not deployed" notes still say what the plan was made against.
    const line =
      `${commentMarker(stack)}\n**${kind}:** no changes.${notes.length ? ` ${summary.notDeployed!.join("; ")}.` : ""}` +
      (environment ? ` ${environment}${review.model ? ` ${modelLine(review.model)}` : ""}` : "");
    if (line.length > limit) throw new Error(`limit ${limit} leaves no room for the one line of stack ${stack}: expected at least ${line.length}`);
    return line;
  }
  const total = `${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy`;
  const warning = warningLine(review);
  const head = [
    commentMarker(stack),
    ...(warning ? [warning, ""] : []),
    `**${kind}:** ${total}${review.groups.read.length ? `, ${review.groups.read.length} to read` : ""}.`,
    ...(environment ? ["", environment] : []),
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
  const sections: Section[] = [];
  for (const group of GROUPS) {
    const resources = review.groups[group];
    if (resources.length > 0) sections.push({ heading: `**${HEADINGS[group]}** (${resources.length})`, lines: resources.map((resource) => resourceLine(group, resource)) });
  }
  if (review.model) sections.push({ heading: modelLine(review.model), lines: [] });
  if (review.outputs.length > 0) {
    // cdktf's outputs for other stacks are marked sensitive: one line says how many change.
    const crossStack = review.outputs.filter(([key]) => key.startsWith(CROSS_STACK_OUTPUT));
    const lines = review.outputs.filter(([key]) => !key.startsWith(CROSS_STACK_OUTPUT)).map(outputLine);
    if (crossStack.length > 0) lines.push(`- ${crossStack.length} value${crossStack.length > 1 ? "s" : ""} other stacks read (cdktf's ${code(`${CROSS_STACK_OUTPUT}*`)} outputs, sensitive)`);
    sections.push({ heading: `**Outputs** (${review.outputs.length})`, lines });
  }
  return fit(head, sections, output, `Full plan`, log, limit, stack);
}

interface Section {
  readonly heading: string;
  readonly lines: readonly string[];
}

function sectionsText(sections: readonly Section[]): string {
  return sections.map((section) => `\n\n${section.heading}${section.lines.length ? `\n${section.lines.join("\n")}` : ""}`).join("");
}

function fit(head: string, sections: readonly Section[], output: string, title: string, log: string, limit: number, stack: string): string {
  const fence = fenceFor(output);
  const details = (text: string, note: string) =>
    `\n\n<details><summary>${title}</summary>\n\n${fence}text\n${text}\n${fence}\n\n</details>${note}\n`;
  const body = head + sectionsText(sections);
  const whole = body + details(output, "");
  if (whole.length <= limit) return whole;

  const cutNote = (shown: number) => `\n\n_The text plan is cut to fit: ${shown} of ${output.length} characters shown; the ${log} has all of it._`;
  const room = limit - body.length - details("", cutNote(output.length)).length;
  if (room > 0) {
    const shown = cutAt(output, room);
    return body + details(shown, cutNote(shown.length));
  }

  // Not even the list fits: keep the head and as many lines as fit, in order.
  const omitted = (count: number) => `\n\n_Cut to fit: ${count} more lines of the list and the text plan are left out; the ${log} has all of it._\n`;
  let text = head;
  let left = sections.reduce((sum, section) => sum + section.lines.length, 0);
  for (const section of sections) {
    const heading = `\n\n${section.heading}`;
    if (text.length + heading.length + omitted(left).length > limit) break;
    text += heading;
    for (const line of section.lines) {
      if (text.length + line.length + 1 + omitted(left - 1).length > limit) return text + omitted(left);
      text += `\n${line}`;
      left--;
    }
  }
  const result = text + omitted(left);
  if (result.length > limit) throw new Error(`limit ${limit} leaves no room for the plan of stack ${stack}: expected at least ${result.length}`);
  return result;
}
