// Where a synth spends its time: each CPU sample of the app's process goes to
// the phase named by the nearest frame on its stack that says what runs.
import type { Profiler, Runtime } from "inspector";

export const phases = [
  "TypeScript type-check and compile (ts-node)",
  "module load: resolve, read, compile, run module bodies",
  "construct tree: config and stacks",
  "synth: prepare stacks, resolve tokens, validate",
  "synth: JSON serialize and write",
  "garbage collection",
  "other: idle, V8 runtime",
] as const;

export type Phase = (typeof phases)[number];

type Frame = Runtime.CallFrame;

// The compiler only: ts-node's own hooks sit on the stack of every module load.
const inTypeScript = (frame: Frame) => /[\\/]node_modules[\\/]typescript[\\/]/.test(frame.url);

// Node's CommonJS loader, and the helpers esbuild puts in a bundle for it.
const isLoader = (frame: Frame) =>
  frame.url.startsWith("node:internal/modules/") || ["__require", "__toESM", "__copyProps"].includes(frame.functionName);

const isJsonWriting = (frame: Frame) => frame.functionName === "writeFileSync" || frame.functionName === "stableStringify";

const isSynth = (frame: Frame) => frame.functionName === "synth" && !frame.url.startsWith("node:");

/**
 * The body of a module, as the path of its file: Node compiles each file's
 * body as an anonymous function at 0:0; esbuild names each one after its path
 * (`dist/main.js`, `node_modules/cdktf/lib/app.js`).
 */
function moduleBody(frame: Frame): string | undefined {
  if (/^(dist|node_modules)\//.test(frame.functionName)) return frame.functionName;
  if (frame.functionName === "" && frame.lineNumber === 0 && frame.columnNumber === 0 && frame.url !== "") return frame.url;
  return undefined;
}

/** The app's own sources (TypeScript run by ts-node, or tsc's output in dist/), not a bundle of them. */
const isAppSource = (file: string) =>
  !/[\\/]node_modules[\\/]|^node_modules\//.test(file) && (file.endsWith(".ts") || /(^|[\\/])dist[\\/](?!app\.bundle\.js$)/.test(file));

/** The phase of one sample, from its stack (innermost frame first). */
export function phaseOf(stack: readonly Frame[]): Phase {
  if (stack[0]?.functionName === "(garbage collector)") return "garbage collection";
  let writing = false;
  for (const frame of stack) {
    if (inTypeScript(frame)) return "TypeScript type-check and compile (ts-node)";
    if (isJsonWriting(frame)) writing = true;
    if (isSynth(frame)) return writing ? "synth: JSON serialize and write" : "synth: prepare stacks, resolve tokens, validate";
    if (isLoader(frame)) return "module load: resolve, read, compile, run module bodies";
    const body = moduleBody(frame);
    if (body !== undefined) {
      return isAppSource(body) ? "construct tree: config and stacks" : "module load: resolve, read, compile, run module bodies";
    }
  }
  return "other: idle, V8 runtime";
}

/** Milliseconds per phase in one CPU profile, and its whole duration. */
export function timeByPhase(profile: Profiler.Profile): { byPhase: Map<Phase, number>; totalMs: number } {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const phaseOfNode = new Map<number, Phase>();
  const byPhase = new Map<Phase, number>(phases.map((phase) => [phase, 0]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    let phase = phaseOfNode.get(samples[i]);
    if (phase === undefined) {
      const stack: Frame[] = [];
      for (let id: number | undefined = samples[i]; id !== undefined; id = parents.get(id)) stack.push(nodes.get(id)!.callFrame);
      phase = phaseOf(stack);
      phaseOfNode.set(samples[i], phase);
    }
    // A sample's delta is the time since the previous one: that time ran the sampled stack.
    byPhase.set(phase, byPhase.get(phase)! + (deltas[i] ?? 0) / 1000);
  }
  return { byPhase, totalMs: (profile.endTime - profile.startTime) / 1000 };
}
