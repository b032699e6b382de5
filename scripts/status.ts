// `npm run status [-- <stack>...] [--summary <file>]`, after `npm run synth`:
// per stack, whether it is deployed; for the workload, what model runs, where,
// since when, and whether the last rollout completed (scripts/stack-status.ts).
// Reads state only, as the read-only planner may. --summary appends the same
// as Markdown (the deploy job's GITHUB_STEP_SUMMARY). Exit status 1 when a
// stack's state could not be read.
import { appendFileSync, existsSync, readFileSync } from "fs";
import { join } from "path";
import { parseArgs } from "util";
import { deployOrder } from "../lib/deploy-order";
import { runMain } from "./cli";
import { Run, StackStatus, stackStatus, statusMarkdown, statusText } from "./stack-status";
import { requireStack, terraform } from "./terraform";

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[] }>;
}

runMain("status", async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { summary: { type: "string" } } });
  const manifestFile = join("cdktf.out", "manifest.json");
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} does not exist: run \`npm run synth\` first`);
  const manifest: Manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  const all = deployOrder(Object.entries(manifest.stacks).map(([name, stack]) => ({ name, dependencies: stack.dependencies ?? [] }))).map((stack) => stack.name);
  const chosen = positionals.length > 0 ? positionals : all;
  const run: Run = (args, directory) => terraform(args, directory);
  const statuses: StackStatus[] = [];
  for (const stack of chosen) statuses.push(await stackStatus(stack, requireStack(stack), run));
  process.stdout.write(statusText(statuses));
  if (values.summary) appendFileSync(values.summary, statusMarkdown(statuses));
  return statuses.some((status) => status.deployed === undefined) ? 1 : 0;
});
