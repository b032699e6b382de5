// `node dist/ci/stack-order.js` in the pipelines' one plan job: the stacks of
// cdktf.out/manifest.json, one a line, each after the stacks it reads from,
// which is the order they are deployed in. The job plans and comments them
// in this order, so a reader meets `identity` before the stacks it grants to.
// cdktf writes the manifest's stacks sorted by name, not in this order.
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { deployOrder } from "../lib/deploy-order";
import { runMain } from "./cli";

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[] }>;
}

runMain("stack-order", async () => {
  const file = join("cdktf.out", "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run synth\` first`);
  const manifest: Manifest = JSON.parse(readFileSync(file, "utf8"));
  const stacks = Object.entries(manifest.stacks).map(([name, stack]) => ({ name, dependencies: stack.dependencies ?? [] }));
  process.stdout.write(`${deployOrder(stacks).map((stack) => stack.name).join("\n")}\n`);
  return 0;
});
