// `npm run bench [-- --runs N]`: our synth against the cdktf template's way of
// running the same stacks, alternating the commands so that the noise of a
// shared machine hits both sides alike. Prints medians, peak memory and
// ratios as a Markdown table, checks the issue's targets, and fails when any
// synthesized JSON differs from ours. Everything it writes is in a temporary
// directory, removed at the end.
import { rmSync } from "fs";
import { loadavg } from "os";
import { join } from "path";
import { Command, Measurement, cdktfCliEnvironment, differingFiles, measure, median } from "./measure";
import { Session, projectRoot as root, runSession } from "./session";

interface Row {
  readonly command: Command;
  /** Where its synthesized JSON goes, for the byte-for-byte check; none for the tests. */
  readonly outdir?: string;
  /** The template row this one is compared with. */
  readonly baseline?: Row;
  readonly runs: Measurement[];
}

function bench({ runs, work, template, env, out, ourSynthInto, templateAppInto }: Session): void {
  const startLoad = loadavg()[0];
  const statsFile = join(work, "process-stats.jsonl");
  const appRow = (command: Command, baseline?: Row): Row => ({ command, outdir: command.env?.CDKTF_OUTDIR, baseline, runs: [] });

  // The app alone: what the template's cdktf.json runs, against what
  // `npm run synth` runs (and bin/app.js without npm's own start-up).
  const templateApp = appRow(templateAppInto("template-app"));
  const ourSynth = appRow(ourSynthInto("our-synth"), templateApp);
  const ourApp = appRow({ ...ourSynthInto("our-app"), label: "`node bin/app.js` (ours, without npm)", argv: ["node", "bin/app.js"] }, templateApp);
  // Through the cdktf CLI, as `cdktf synth`, `deploy` and `diff` run it; the
  // template's package.json runs this for its `npm run synth` too.
  const cli = (label: string, cwd: string, dir: string, baseline?: Row): Row => ({
    command: { label, argv: ["npx", "cdktf", "synth", "--output", out(dir)], cwd, env: cdktfCliEnvironment(env) },
    outdir: out(dir),
    baseline,
    runs: [],
  });
  const templateCli = cli("`npx cdktf synth` (template; also its `npm run synth`)", template, "template-cli");
  const ourCli = cli("`npx cdktf synth` (ours)", root, "our-cli", templateCli);
  // Its wall time only: NODE_OPTIONS' preload would reach every process the tests start.
  const testRow = (script: string): Row => ({
    command: { label: `\`npm ${script === "test" ? "test" : `run ${script}`}\``, argv: ["npm", "run", script], cwd: root, memory: false },
    runs: [],
  });
  // Unit tests: everything but the suites that run real Terraform and the pipeline linters.
  const unitTests = testRow("test:unit");
  const tests = testRow("test");
  // Environments (issue 19): the default single environment against staging
  // and production, for synth and for the offline plan of every stack.
  const twoEnvironments = { MODEL_ENVIRONMENTS: "staging,production" };
  const synthOne: Row = { command: { ...ourSynthInto("our-synth-one"), label: "`npm run synth`, one environment (the default)", cpu: true }, runs: [] };
  const ourSynthTwo: Row = {
    command: { ...ourSynthInto("our-synth-two"), label: "`npm run synth`, environments staging,production", env: { CDKTF_OUTDIR: out("our-synth-two"), ...twoEnvironments }, cpu: true },
    runs: [],
  };
  const planOffline = (label: string, extra: Record<string, string>): Row => ({
    command: { label, argv: ["npm", "run", "plan:offline"], cwd: root, env: extra, memory: false, cpu: true },
    runs: [],
  });
  const planOne = planOffline("`npm run plan:offline`, one environment (the default)", {});
  const planTwo = planOffline("`npm run plan:offline`, environments staging,production", twoEnvironments);
  const environments = { synth: [synthOne, ourSynthTwo], plan: [planOne, planTwo] } as const;
  const environmentRows = [synthOne, ourSynthTwo, planOne, planTwo];
  const rows = onlyEnvironments ? environmentRows : [ourSynth, ourApp, templateApp, ourCli, templateCli, unitTests, tests, ...environmentRows];

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
  const missed = (onlyEnvironments ? 0 : checkTargets(ourSynth, ourCli, templateCli, unitTests)) + checkEnvironments(environments);
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
    const ratio = row.baseline === undefined || row.baseline.runs.length === 0 ? "" : `${(wall(row.baseline) / wall(row)).toFixed(1)}x`;
    lines.push(
      `| ${row.command.label} | ${seconds(wall(row))} | ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} | ${peak(row)?.toFixed(0) ?? "not measured"} | ${ratio} |`,
    );
  }
  lines.push("", `Medians of ${runs} alternating runs; peak memory is the median of each run's largest Node process.`);
  return lines.join("\n");
}

/** The issue's targets; returns how many were missed. */
function checkTargets(ourSynth: Row, ourCli: Row, templateCli: Row, unitTests: Row): number {
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
    [wall(unitTests) <= 10, `\`npm run test:unit\` median ${seconds(wall(unitTests))} s (target: at most 10 s)`],
  ];
  console.log("\nTargets:");
  for (const [met, text] of targets) console.log(`  ${met ? "met   " : "MISSED"} ${text}`);
  console.log("  met    every synthesized file byte-identical to `npm run synth`'s, in every run");
  return targets.filter(([met]) => !met).length;
}


/** Issue 19's target: with two environments, synth and plan:offline take at most 1.3x what one takes. */
export const ENVIRONMENTS_COST_LIMIT = 1.3;

function checkEnvironments(pairs: { readonly synth: readonly [Row, Row]; readonly plan: readonly [Row, Row] }): number {
  const cpu = (row: Row) => median(row.runs.map((run) => run.cpuSeconds as number));
  const name = (row: Row) => row.command.label.split(",")[0];
  const lines = [
    "| Command | One environment: wall (s) | CPU (s) | Two environments: wall (s) | CPU (s) | Two / one: wall | CPU |",
    "|---|--:|--:|--:|--:|--:|--:|",
    ...Object.values(pairs).map(
      ([one, two]) =>
        `| ${name(one)} | ${seconds(wall(one))} | ${seconds(cpu(one))} | ${seconds(wall(two))} | ${seconds(cpu(two))} | ${(wall(two) / wall(one)).toFixed(2)}x | ${(cpu(two) / cpu(one)).toFixed(2)}x |`,
    ),
  ];
  console.log(`\nEnvironments (CPU: user and system time of the command and every process it waited for):\n\n${lines.join("\n")}\n`);
  let missed = 0;
  for (const [one, two] of Object.values(pairs)) {
    for (const [what, measureOf] of [["wall time", wall], ["CPU time", cpu]] as const) {
      const ratio = measureOf(two) / measureOf(one);
      const met = ratio <= ENVIRONMENTS_COST_LIMIT;
      if (!met) missed++;
      console.log(`  ${met ? "met   " : "MISSED"} ${name(two)} with two environments: ${ratio.toFixed(2)}x the ${what} of one (target: at most ${ENVIRONMENTS_COST_LIMIT}x)`);
    }
  }
  return missed;
}

/** `--environments`: only the rows of the environments' comparison (about a minute a round). */
const onlyEnvironments = process.argv.includes("--environments");
if (onlyEnvironments) process.argv.splice(process.argv.indexOf("--environments"), 1);
runSession("bench", [], bench);
