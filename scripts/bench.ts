// `npm run bench [-- --runs N]`: our synth against the cdktf template's way of
// running the same stacks, alternating the commands so that the noise of a
// shared machine hits both sides alike. Prints medians, peak memory and
// ratios as a Markdown table, checks the issue's targets, and fails when any
// synthesized JSON differs from ours. Everything it writes is in a temporary
// directory, removed at the end.
import { mkdirSync, rmSync } from "fs";
import { loadavg } from "os";
import { join, resolve } from "path";
import {
  Command,
  Measurement,
  cdktfCliEnvironment,
  describeMachine,
  differingFiles,
  inScratchDirectory,
  measure,
  median,
  parseRuns,
  processStatsPreload,
  shellEnvironment,
} from "./bench/measure";
import { templateAppCommand, writeTemplateProject } from "./bench/template";

const root = resolve(__dirname, "..", "..");

interface Row {
  readonly command: Command;
  /** Where its synthesized JSON goes, for the byte-for-byte check; none for the tests. */
  readonly outdir?: string;
  /** The template row this one is compared with. */
  readonly baseline?: Row;
  readonly runs: Measurement[];
}

function main(): void {
  const runs = parseRuns(process.argv.slice(2));
  inScratchDirectory(root, (work) => bench(runs, work));
}

function bench(runs: number, work: string): void {
  console.log(`Machine: ${describeMachine()}`);
  const startLoad = loadavg()[0];
  const template = join(work, "template");
  mkdirSync(template);
  writeTemplateProject(root, template);
  mkdirSync(join(work, "out"));
  const out = (name: string) => join(work, "out", name);
  const env = shellEnvironment(process.env, [processStatsPreload]);
  const statsFile = join(work, "process-stats.jsonl");

  const row = (label: string, argv: string[], cwd: string, outdir?: string, baseline?: Row): Row => ({
    command: { label, argv, cwd, env: outdir === undefined ? undefined : { CDKTF_OUTDIR: outdir } },
    outdir,
    baseline,
    runs: [],
  });
  // The app alone: what the template's cdktf.json runs, against what
  // `npm run synth` runs (and bin/app.js without npm's own start-up).
  // CDKTF_OUTDIR keeps our output out of the project.
  const app = templateAppCommand(join(root, "node_modules"));
  const templateApp = row(`\`${app}\` (template app)`, app.split(/\s+/), template, out("template-app"));
  const ourSynth = row("`npm run synth` (ours)", ["npm", "run", "synth"], root, out("our-synth"), templateApp);
  const ourApp = row("`node bin/app.js` (ours, without npm)", ["node", "bin/app.js"], root, out("our-app"), templateApp);
  // Through the cdktf CLI, as `cdktf synth`, `deploy` and `diff` run it; the
  // template's package.json runs this for its `npm run synth` too.
  const templateCli = row("`npx cdktf synth` (template; also its `npm run synth`)", [], template);
  const ourCli = row("`npx cdktf synth` (ours)", [], root, undefined, templateCli);
  const cliEnv = cdktfCliEnvironment(env);
  for (const [cli, name] of [[templateCli, "template-cli"], [ourCli, "our-cli"]] as const) {
    Object.assign(cli, { outdir: out(name), command: { ...cli.command, argv: ["npx", "cdktf", "synth", "--output", out(name)], env: cliEnv } });
  }
  // Its wall time only: NODE_OPTIONS' preload would reach every process the tests start.
  const tests: Row = { command: { label: "`npm test`", argv: ["npm", "test"], cwd: root, memory: false }, runs: [] };
  const rows = [ourSynth, ourApp, templateApp, ourCli, templateCli, tests];

  const reference = out("reference");
  const runRow = (row: Row): Measurement => {
    if (row.outdir !== undefined) rmSync(row.outdir, { recursive: true, force: true });
    const measurement = measure(row.command, env, statsFile);
    if (row.outdir !== undefined) {
      const differences = differingFiles(reference, row.outdir);
      if (differences.length > 0) {
        throw new Error(`${row.command.label} synthesized other JSON than \`npm run synth\`:\n  ${differences.join("\n  ")}`);
      }
    }
    return measurement;
  };

  // Unmeasured first round: builds dist/ if a source changed, warms the file
  // cache for both sides, and fixes the JSON every later run must reproduce.
  process.stdout.write(`Warm-up round, then ${runs} measured rounds of ${rows.length} commands...\n`);
  measure({ ...ourSynth.command, env: { CDKTF_OUTDIR: reference } }, env, statsFile);
  for (const row of rows) runRow(row);
  for (let round = 1; round <= runs; round++) {
    for (const row of rows) {
      const measurement = runRow(row);
      if ((row === ourSynth || row === ourApp) && /compiling/i.test(measurement.stderr)) {
        throw new Error("a source changed during the bench: `npm run synth` compiled in a measured run");
      }
      row.runs.push(measurement);
    }
    process.stdout.write(`  round ${round}/${runs}: ${rows.map((row) => `${row.runs[round - 1].seconds.toFixed(2)} s`).join(", ")}\n`);
  }

  console.log(`\n${table(rows, runs)}`);
  console.log(`Load average (1 min) at the start: ${startLoad.toFixed(2)}, at the end: ${loadavg()[0].toFixed(2)} (other work on the machine slows both sides).`);
  const missed = checkTargets(ourSynth, ourCli, templateCli, tests);
  if (missed > 0) process.exitCode = 1;
}

const seconds = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const wall = (row: Row) => median(row.runs.map((run) => run.seconds));
const peak = (row: Row) => (row.runs.every((run) => run.peakMB !== undefined) ? median(row.runs.map((run) => run.peakMB as number)) : undefined);

function table(rows: readonly Row[], runs: number): string {
  const lines = [
    `| Command | Median wall time (s) | Fastest–slowest (s) | Peak memory (MB) | Faster than the template |`,
    `|---|--:|--:|--:|--:|`,
  ];
  for (const row of rows) {
    const times = row.runs.map((run) => run.seconds);
    const ratio = row.baseline === undefined ? "" : `${(wall(row.baseline) / wall(row)).toFixed(1)}x`;
    lines.push(
      `| ${row.command.label} | ${seconds(wall(row))} | ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} | ${peak(row)?.toFixed(0) ?? "not measured"} | ${ratio} |`,
    );
  }
  lines.push("", `Medians of ${runs} alternating runs; peak memory is the median of each run's largest Node process.`);
  return lines.join("\n");
}

/** The issue's targets; returns how many were missed. */
function checkTargets(ourSynth: Row, ourCli: Row, templateCli: Row, tests: Row): number {
  const templateApp = ourSynth.baseline as Row;
  const ratio = (baseline: Row, row: Row) => wall(baseline) / wall(row);
  const targets: Array<[boolean, string]> = [
    [wall(ourSynth) <= 0.5, `\`npm run synth\` median ${seconds(wall(ourSynth))} s (target: at most 0.5 s)`],
    [
      ratio(templateApp, ourSynth) >= 40,
      `\`npm run synth\` ${ratio(templateApp, ourSynth).toFixed(1)}x faster than the template app (target: at least 40x); ` +
        `${ratio(templateCli, ourSynth).toFixed(1)}x faster than the template's own \`npm run synth\` (\`cdktf synth\`)`,
    ],
    [(peak(ourSynth) ?? Infinity) <= 150, `\`npm run synth\` peak memory ${peak(ourSynth)?.toFixed(0)} MB (target: at most 150 MB)`],
    [ratio(templateCli, ourCli) >= 4, `\`npx cdktf synth\` ${ratio(templateCli, ourCli).toFixed(1)}x faster than the template's (target: at least 4x)`],
    [wall(tests) <= 10, `\`npm test\` median ${seconds(wall(tests))} s (target: at most 10 s)`],
  ];
  console.log("\nTargets:");
  for (const [met, text] of targets) console.log(`  ${met ? "met   " : "MISSED"} ${text}`);
  console.log("  met    every synthesized file byte-identical to `npm run synth`'s, in every run");
  return targets.filter(([met]) => !met).length;
}

try {
  main();
} catch (error) {
  process.stderr.write(`npm run bench failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
