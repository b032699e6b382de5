// The order stacks are deployed in: each after the stacks it reads from.
// cdktf's manifest lists each stack's dependencies but sorts the stacks by
// name. The offline workspace (sim/offline.ts) and the pipelines' plan job
// (scripts/stack-order.ts) both walk the stacks in this order.

/** A stack as the manifest describes it. */
export interface DependentStack {
  readonly name: string;
  readonly dependencies: readonly string[];
}

/** A cycle, or a dependency the manifest does not list. */
export class StackOrderError extends Error {}

/** `stacks` sorted so each comes after its dependencies, ties by name. */
export function deployOrder<T extends DependentStack>(stacks: readonly T[]): T[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const ordered: T[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (stack: T, path: string[]) => {
    if (state.get(stack.name) === "done") return;
    if (state.get(stack.name) === "visiting") throw new StackOrderError(`stacks depend on each other in a cycle: ${[...path, stack.name].join(" -> ")}`);
    state.set(stack.name, "visiting");
    for (const dependency of stack.dependencies) {
      const found = byName.get(dependency);
      if (!found) throw new StackOrderError(`stack ${stack.name} depends on ${dependency}, which the manifest does not list`);
      visit(found, [...path, stack.name]);
    }
    state.set(stack.name, "done");
    ordered.push(stack);
  };
  for (const stack of [...stacks].sort((a, b) => a.name.localeCompare(b.name))) visit(stack, []);
  return ordered;
}
