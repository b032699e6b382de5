// `npm run bench [-- --runs N]`: our synth against the cdktf template's way of
// running the same stacks, alternating the commands so that the noise of a
// shared machine hits both sides alike. Prints medians, peak memory and
// ratios as a Markdown table, checks the issue's targets, and fails when any
// synthesized JSON differs from ours. Everything it writes is in a temporary
// directory, removed at the end.
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import {
  Command,
  Measurement,
  describeMachine,
  differingFiles,
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
  const work = mkdtempSync(join(tmpdir(), "mlops-bench-"));
  try {
    bench(runs, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function bench(runs: number, work: string): void {
  console.log(`Machine: ${describeMachine()}`);
  const template = join(work, "template");
  mkdirSync(template);
  writeTemplateProject(root, template);
  mkdirSync(join(work, "out"));
  const out = (name: string) => join(work, "out", name);
  const env = shellEnvironment(process.env, [processStatsPreload]);
  const statsFile = join(work, "process-stats.jsonl");

  // The app alone: what `npm run synth` runs, against what the template's
  // cdktf.json runs. CDKTF_OUTDIR keeps our output out of the project.
  const app = templateAppCommand(join(root, "node_modules"));
  const templateApp: Row = {
    command: { label: `\`${app}\` (template app)`, argv: app.split(/\s+/), cwd: template, env: { CDKTF_OUTDIR: out("template-app") } },
    outdir: out("template-app"),
    runs: [],
  };
  const ourApp: Row = {
    command: { label: "`npm run synth` (ours)", argv: ["npm", "run", "synth"], cwd: root, env: { CDKTF_OUTDIR: out("our-app") } },
    outdir: out("our-app"),
    baseline: templateApp,
    runs: [],
  };
  // Through the cdktf CLI, as `cdktf synth`, `deploy` and `diff` run it.
  const templateCli: Row = {
    command: { label: "`npx cdktf synth` (template)", argv: ["npx", "cdktf", "synth", "--output", out("template-cli")], cwd: template },
    outdir: out("template-cli"),
    runs: [],
  };
  const ourCli: Row = {
    command: { label: "`npx cdktf synth` (ours)", argv: ["npx", "cdktf", "synth", "--output", out("our-cli")], cwd: root },
    outdir: out("our-cli"),
    baseline: templateCli,
    runs: [],
  };
  const tests: Row = { command: { label: "`npm test`", argv: ["npm", "test"], cwd: root }, runs: [] };
  const rows = [ourApp, templateApp, ourCli, templateCli, tests];

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
  measure({ ...ourApp.command, env: { CDKTF_OUTDIR: reference } }, env, statsFile);
  for (const row of rows) runRow(row);
  for (let round = 1; round <= runs; round++) {
    for (const row of rows) {
      const measurement = runRow(row);
      if (row === ourApp && /compiling/i.test(measurement.stderr)) {
        throw new Error("a source changed during the bench: `npm run synth` compiled in a measured run");
      }
      row.runs.push(measurement);
    }
    process.stdout.write(`  round ${round}/${runs}: ${rows.map((row) => `${row.runs[round - 1].seconds.toFixed(2)} s`).join(", ")}\n`);
  }

  console.log(`\n${table(rows, runs)}`);
  const missed = checkTargets(ourApp, ourCli, tests);
  if (missed > 0) process.exitCode = 1;
}

const seconds = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const wall = (row: Row) => median(row.runs.map((run) => run.seconds));
const peak = (row: Row) => median(row.runs.map((run) => run.peakMB));

function table(rows: readonly Row[], runs: number): string {
  const lines = [
    `| Command | Median wall time (s) | Fastest–slowest (s) | Peak memory (MB) | Faster than the template |`,
    `|---|--:|--:|--:|--:|`,
  ];
  for (const row of rows) {
    const times = row.runs.map((run) => run.seconds);
    const ratio = row.baseline === undefined ? "" : `${(wall(row.baseline) / wall(row)).toFixed(1)}x`;
    lines.push(
      `| ${row.command.label} | ${seconds(wall(row))} | ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} | ${peak(row).toFixed(0)} | ${ratio} |`,
    );
  }
  lines.push("", `Medians of ${runs} alternating runs; peak memory is the median of each run's largest Node process.`);
  return lines.join("\n");
}

/** The issue's targets; returns how many were missed. */
function checkTargets(ourApp: Row, ourCli: Row, tests: Row): number {
  const ourAppBaseline = ourApp.baseline as Row;
  const ourCliBaseline = ourCli.baseline as Row;
  const targets: Array<[boolean, string]> = [
    [wall(ourApp) <= 0.5, `\`npm run synth\` median ${seconds(wall(ourApp))} s (target: at most 0.5 s)`],
    [wall(ourAppBaseline) / wall(ourApp) >= 40, `\`npm run synth\` ${(wall(ourAppBaseline) / wall(ourApp)).toFixed(1)}x faster than the template app (target: at least 40x)`],
    [peak(ourApp) <= 150, `\`npm run synth\` peak memory ${peak(ourApp).toFixed(0)} MB (target: at most 150 MB)`],
    [wall(ourCliBaseline) / wall(ourCli) >= 4, `\`npx cdktf synth\` ${(wall(ourCliBaseline) / wall(ourCli)).toFixed(1)}x faster than the template's (target: at least 4x)`],
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
