// `node dist/ci/stack-order.js` in the pipelines' one plan job: the stacks of
// cdktf.out/manifest.json, one a line, each after the stacks it reads from,
// which is the order they are deployed in. The job plans and comments them
// in this order, so a reader meets `identity` before the stacks it grants to.
// cdktf writes the manifest's stacks sorted by name, not in this order.
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { runMain } from "./cli";

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[] }>;
}

/** The manifest's stacks, each after its dependencies; fails on a dependency that is not a stack, or a cycle. */
function inDeployOrder(manifest: Manifest): string[] {
  const order: string[] = [];
  const visiting: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    if (visiting.includes(name)) throw new Error(`stacks depend on each other in a cycle: ${[...visiting.slice(visiting.indexOf(name)), name].join(" -> ")}`);
    const stack = manifest.stacks[name];
    visiting.push(name);
    for (const dependency of stack.dependencies ?? []) {
      if (!(dependency in manifest.stacks)) throw new Error(`stack ${name} depends on ${JSON.stringify(dependency)}, which the manifest does not list`);
      visit(dependency);
    }
    visiting.pop();
    order.push(name);
  };
  Object.keys(manifest.stacks).forEach(visit);
  return order;
}

runMain("stack-order", async () => {
  const file = join("cdktf.out", "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run synth\` first`);
  process.stdout.write(`${inDeployOrder(JSON.parse(readFileSync(file, "utf8"))).join("\n")}\n`);
  return 0;
});
