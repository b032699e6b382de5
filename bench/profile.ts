// `npm run bench:profile [-- --runs N]`: where the time of a synth goes, for
// our `npm run synth` and the template app. Each Node process of a command
// records a CPU profile; the app's profile is split into phases (phases.ts),
// and what lies outside it (npm or npx, spawning, exit) is the wall time
// minus the profile's length. Medians over N alternating runs.
import { mkdirSync, readFileSync, readdirSync, rmSync } from "fs";
import { join } from "path";
import type { Profiler } from "inspector";
import { Command, measure, median } from "./measure";
import { phases, timeByPhase } from "./phases";
import { Session, runSession } from "./session";

const outside = "npm or npx, Node start-up and exit (outside the app's profile)";

interface Profiled {
  readonly command: Command;
  readonly rows: Map<string, number[]>;
  modules?: number;
}

/** One run of `command`: milliseconds per phase, from the profile of the process that ran the cdktf App. */
function profileOnce(command: Command, env: Record<string, string>, work: string): { byPhase: Map<string, number>; modules?: number } {
  const profiles = join(work, "profiles");
  rmSync(profiles, { recursive: true, force: true });
  mkdirSync(profiles);
  const run = measure(command, { ...env, BENCH_CPU_PROFILE_DIR: profiles }, join(work, "process-stats.jsonl"));
  const app = readdirSync(profiles)
    .map((name) => ({ pid: Number.parseInt(name, 10), profile: JSON.parse(readFileSync(join(profiles, name), "utf8")) as Profiler.Profile }))
    .find(({ profile }) => profile.nodes.some((node) => node.callFrame.functionName === "synth" && !node.callFrame.url.startsWith("node:")));
  if (app === undefined) throw new Error(`${command.label}: no profiled process ran a cdktf App's synth`);
  const { byPhase, totalMs } = timeByPhase(app.profile);
  const rows = new Map<string, number>([[outside, run.seconds * 1000 - totalMs], ...byPhase]);
  rows.set("total wall time (profiled)", run.seconds * 1000);
  return { byPhase: rows, modules: run.processes.find((stats) => stats.pid === app.pid)?.modules };
}

function profile({ runs, work, env, ourSynthInto, templateAppInto }: Session): void {
  const commands: Profiled[] = [
    { command: ourSynthInto("ours"), rows: new Map() },
    { command: templateAppInto("template"), rows: new Map() },
  ];
  process.stdout.write(`Warm-up round, then ${runs} profiled rounds...\n`);
  for (const { command } of commands) profileOnce(command, env, work);
  for (let round = 1; round <= runs; round++) {
    for (const profiled of commands) {
      const { byPhase, modules } = profileOnce(profiled.command, env, work);
      for (const [phase, ms] of byPhase) profiled.rows.set(phase, [...(profiled.rows.get(phase) ?? []), ms]);
      profiled.modules = modules;
    }
    process.stdout.write(`  round ${round}/${runs}\n`);
  }
  const ms = (profiled: Profiled, row: string) => Math.round(median(profiled.rows.get(row) ?? [0])).toLocaleString("en-US");
  const order: string[] = [outside, ...phases, "total wall time (profiled)"];
  console.log(`\n| Phase (ms, median of ${runs}) | ${commands.map(({ command }) => command.label).join(" | ")} |`);
  console.log(`|---|${commands.map(() => "--:").join("|")}|`);
  for (const row of order) {
    console.log(`| ${row} | ${commands.map((profiled) => ms(profiled, row)).join(" | ")} |`);
  }
  console.log(`| files the app's process loaded as modules | ${commands.map((profiled) => profiled.modules ?? "?").join(" | ")} |`);
  console.log("\nSampled every 250 µs; profiling slows each process a little, so totals exceed `npm run bench`'s.");
}

runSession("bench:profile", [join(__dirname, "cpu-profile.js")], profile);
