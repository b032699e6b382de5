// The first plan of a stack that was never applied, by a planner that may
// only read the state bucket.
//
// Terraform's gcs backend cannot read a missing state without creating it:
// StateMgr finds no object, takes the lock (inserts <prefix>/default.tflock
// with ifGenerationMatch=0) and writes an empty state (terraform v1.11.4,
// internal/backend/remote-state/gcs/backend_state.go:104-147,
// client.go:104-105). `terraform init` asks for the state at once
// (internal/command/init.go:209), every plan does again whatever -lock says
// (internal/backend/local/backend_local.go:47, before the lock at :53), and
// so does `terraform_remote_state` for the stacks a stack reads
// (internal/builtin/providers/terraform/data_source_state.go:132). A planner
// with roles/storage.objectViewer gets 403 on that lock file.
//
// Chosen: plan:stack notices this from Terraform's own error (the 403 names
// the lock file of the state it tried to create: a lock is only taken there
// when the state object was missing) and plans again in a copy of the stack
// whose override file (a) keeps the stack's own state local and empty, and
// (b) makes Terraform read each missing stack's remote state during apply
// (its outputs are "known after apply"). Nothing is written to the bucket
// (the refused lock insert is the only write asked for), and the comment
// says "not deployed yet; planned against empty state".
// Not chosen: a bootstrap that creates empty states. It must run with write
// rights before any plan, a skipped or new stack breaks the first pull
// request again, and an empty state still has no outputs, so a stack reading
// it fails with "object with no attributes" — which this also handles.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { basename, dirname, join, resolve } from "path";

/** Where a stack keeps its state, and the states it reads through terraform_remote_state. */
export interface StackStates {
  /** gs://<bucket>/<prefix>/default.tfstate of the stack itself; undefined unless its backend is gcs. */
  readonly own?: string;
  /** terraform_remote_state data sources (by name) that read a gcs state, with the state each reads. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Where the gcs backend keeps the default workspace's state (backend_state.go:154-156). */
function gcsState(config: { bucket?: unknown; prefix?: unknown } | undefined): string | undefined {
  if (!config || typeof config.bucket !== "string") return undefined;
  const prefix = typeof config.prefix === "string" ? config.prefix.replace(/^\/+|\/+$/g, "") : "";
  return `gs://${config.bucket}/${prefix ? `${prefix}/` : ""}default.tfstate`;
}

/** The states of a synthesized stack, read from its cdk.tf.json. */
export function stackStates(stackJson: any): StackStates {
  const own = gcsState(stackJson?.terraform?.backend?.gcs);
  const sources = new Map<string, string>();
  for (const [name, source] of Object.entries<any>(stackJson?.data?.terraform_remote_state ?? {})) {
    const workspace = source.workspace ?? "default";
    // cdktf reads the same workspace as the reader's ("${terraform.workspace}"); CI plans the default one.
    if (source.backend !== "gcs" || !["default", "${terraform.workspace}"].includes(workspace)) continue;
    const state = gcsState(source.config);
    if (state) sources.set(name, state);
  }
  return { own, sources };
}

/** Terraform's diagnostics as one line: it wraps their text to the terminal's width (and may box it in │). */
function unwrapped(output: string): string {
  return output.replace(/[│\s]+/g, " ");
}

/** States Terraform found missing and could not create: the 403 on the lock it takes only then (client.go:113-114). */
function refusedCreations(output: string): string[] {
  const refused = /writing "(gs:\/\/[^"]+)\.tflock" failed: googleapi: Error 403/g;
  return [...unwrapped(output).matchAll(refused)].map((match) => `${match[1]}.tfstate`);
}

/** Whether `terraform init` failed only because the stack's own state does not exist and may not be created. */
export function ownStateMissing(initOutput: string, states: StackStates): boolean {
  return states.own !== undefined && refusedCreations(initOutput).includes(states.own);
}

/**
 * The terraform_remote_state sources a failed plan could not read because
 * their stack is not deployed: the state is missing (and the planner may not
 * create it), or it exists but holds no outputs (created by an init or a
 * bootstrap, never applied; Terraform then says "object with no attributes").
 */
export function sourcesNotDeployed(planOutput: string, states: StackStates): string[] {
  const missing = new Set(refusedCreations(planOutput));
  const found = new Set([...states.sources].filter(([, state]) => missing.has(state)).map(([name]) => name));
  for (const match of unwrapped(planOutput).matchAll(/data\.terraform_remote_state\.([\w-]+)\.outputs is object with no attributes/g)) {
    if (states.sources.has(match[1])) found.add(match[1]);
  }
  return [...found].sort();
}

/**
 * The override file of the copy: Terraform merges *_override.tf.json into
 * the stack's configuration (internal/configs/parser_config_dir.go:263), a
 * backend block there replacing the stack's whole backend
 * (internal/configs/module.go:508-512). An unknown value in a data source's configuration makes
 * Terraform read it during apply, not plan, so the missing state is never
 * asked for; timestamp() is unknown while planning (impure functions,
 * internal/lang/functions.go:20-23 and :207-213, PureOnly for every walk but
 * apply, internal/terraform/evaluate.go:94).
 */
export function firstPlanOverride(ownMissing: boolean, sources: readonly string[]): object {
  const override: Record<string, unknown> = {};
  if (ownMissing) override.terraform = { backend: { local: { path: "not-deployed.tfstate" } } };
  if (sources.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(sources.map((name) => [name, { defaults: { not_deployed_yet: "${timestamp()}" } }])),
    };
  }
  return override;
}

/** The override file's name; Terraform reads every *_override.tf.json of the directory last. */
export const OVERRIDE_FILE = "plan_stack_override.tf.json";

/**
 * A copy of a stack directory to plan in, beside it (same depth, so the
 * stack's relative paths such as ../../../model-server still resolve), with
 * the providers the stack's init installed. The stack's own directory never
 * gets the override, so a later apply there cannot pick it up.
 */
export function copyStack(directory: string): string {
  const copy = join(dirname(directory), `.plan-stack-${basename(directory)}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(directory, copy, { recursive: true, filter: (source) => basename(source) !== ".terraform" && basename(source) !== OVERRIDE_FILE });
  for (const installed of ["providers", "modules"]) {
    const from = join(directory, ".terraform", installed);
    if (!existsSync(from)) continue;
    mkdirSync(join(copy, ".terraform"), { recursive: true });
    symlinkSync(resolve(from), join(copy, ".terraform", installed));
  }
  return copy;
}

export function writeOverride(copy: string, override: object): void {
  writeFileSync(join(copy, OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
}

/** A stack's cdk.tf.json; an empty object when there is none, then no state is known and nothing is retried. */
export function readStackJson(directory: string): any {
  const file = join(directory, "cdk.tf.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
}
