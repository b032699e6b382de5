// Running a command the way a user's shell would, timing it with perf_hooks
// and reading the peak memory its Node processes report (process-stats.ts).
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "fs";
import { cpus, release, tmpdir, totalmem, type } from "os";
import { delimiter, join, sep } from "path";
import { performance } from "perf_hooks";
import type { ProcessStats } from "./process-stats";

/** The preload that makes each Node process report its peak memory (compiled next to this file). */
export const processStatsPreload = join(__dirname, "process-stats.js");

export interface Command {
  /** How the command appears in the table. */
  readonly label: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Added to the environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** False: time it only, without the preload that reads each process's peak memory. */
  readonly memory?: false;
  /**
   * True: also the CPU time of the command and every process it waited for
   * (terraform, the simulator), from bash's `times`: what a run costs,
   * whatever else the machine is doing, unlike wall time on a shared machine.
   */
  readonly cpu?: true;
}

export interface Measurement {
  readonly seconds: number;
  /** Peak resident memory of the command's largest Node process, in MB (10^6 bytes), unless not measured. */
  readonly peakMB: number | undefined;
  /** User plus system CPU seconds of the command and its children, when asked for (Command.cpu). */
  readonly cpuSeconds?: number;
  /** What each Node process of the command reported. */
  readonly processes: readonly ProcessStats[];
  readonly stderr: string;
}

/**
 * The environment of a user's shell, without what `npm run bench` added
 * (npm_* settings, node_modules/.bin on PATH): the commands start their own
 * npm and npx, as they would from a terminal. `npm_config_update_notifier`
 * keeps npm off the network; CHECKPOINT_DISABLE keeps cdktf and terraform off it.
 */
export function shellEnvironment(base: NodeJS.ProcessEnv, preloads: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !/^npm_/i.test(name) && name !== "INIT_CWD" && name !== "NODE") env[name] = value;
  }
  env.PATH = (base.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !dir.endsWith(`${sep}node_modules${sep}.bin`) && !dir.endsWith(`${sep}node-gyp-bin`))
    .join(delimiter);
  env.npm_config_update_notifier = "false";
  env.CHECKPOINT_DISABLE = "1";
  env.NODE_OPTIONS = preloads.map((file) => `--require ${JSON.stringify(file)}`).join(" ");
  return env;
}

/**
 * The environment for the cdktf CLI: it gives its app
 * --max-old-space-size=4096 only when NODE_OPTIONS is unset, so with the
 * preloads in NODE_OPTIONS the switch goes there too, as the CLI would set it.
 */
export function cdktfCliEnvironment(env: Readonly<Record<string, string>>): Record<string, string> {
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --max-old-space-size=4096`.trim() };
}

/** Runs `command` once to completion; throws with its output when it fails. */
export function measure(command: Command, env: Record<string, string>, statsFile: string): Measurement {
  writeFileSync(statsFile, "");
  const memory = command.memory !== false;
  const { NODE_OPTIONS, ...withoutPreloads } = env;
  // `times` prints the shell's own, then its children's user and system time.
  const argv = command.cpu ? ["bash", "-c", '"$@"; status=$?; times >&2; exit $status', "bench", ...command.argv] : command.argv;
  const start = performance.now();
  const run = spawnSync(argv[0], argv.slice(1), {
    cwd: command.cwd,
    env: memory ? { ...env, ...command.env, BENCH_STATS_FILE: statsFile } : { ...withoutPreloads, ...command.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  if (run.error !== undefined) throw new Error(`${command.label}: ${run.error.message}`);
  if (run.status !== 0) {
    const output = `${run.stdout}\n${run.stderr}`.trim().split("\n").slice(-30).join("\n");
    throw new Error(`${command.label} exited with ${run.status ?? run.signal} in ${command.cwd}:\n${output}`);
  }
  const processes: ProcessStats[] = readFileSync(statsFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
  if (memory && processes.length === 0) throw new Error(`${command.label}: no Node process reported its memory (NODE_OPTIONS not passed on?)`);
  return {
    seconds,
    ...(command.cpu ? { cpuSeconds: childrenCpuSeconds(run.stderr) } : {}),
    peakMB: memory ? (Math.max(...processes.map((stats) => stats.maxRssKb)) * 1024) / 1e6 : undefined,
    processes,
    stderr: run.stderr,
  };
}

/** The children's user and system seconds from the last line of bash's `times` ("0m1.250s 0m0.310s"). */
export function childrenCpuSeconds(stderr: string): number {
  const line = stderr.trimEnd().split("\n").at(-1) ?? "";
  const match = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(line);
  if (!match) throw new Error(`expected bash's \`times\` as the last line of the output, got ${JSON.stringify(line)}`);
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) * 60 + Number(match[4]);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Every file under `dir`, by path relative to it. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = join(dir, name);
    if (statSync(file).isFile()) files.set(name, readFileSync(file));
  }
  return files;
}

/** The files that are not byte-identical between two directory trees, each with what is wrong. */
export function differingFiles(expectedDir: string, actualDir: string): string[] {
  const expected = filesUnder(expectedDir);
  const actual = filesUnder(actualDir);
  const problems: string[] = [];
  for (const [name, bytes] of expected) {
    const other = actual.get(name);
    if (other === undefined) problems.push(`${name} is missing`);
    else if (!other.equals(bytes)) problems.push(`${name} differs`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`${name} is extra`);
  return problems.sort();
}

/** The machine, for the report: results only compare on the same one. */
export function describeMachine(): string {
  const npmVersion = spawnSync("npm", ["--version"], { encoding: "utf8" }).stdout.trim();
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? "unknown CPU";
  const memory = (totalmem() / 2 ** 30).toFixed(1);
  return `${model}, ${cores.length} cores, ${memory} GiB memory; ${type()} ${release()}; Node ${process.version}, npm ${npmVersion}`;
}

/** `--runs N` (default 5) from the command line; rejects anything else by name. */
export function parseRuns(args: readonly string[], defaultRuns = 5): number {
  let runs = defaultRuns;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag !== "--runs") throw new Error(`unknown argument ${JSON.stringify(args[i])}: expected --runs N`);
    const value = inline ?? args[++i];
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) {
      throw new Error(`--runs is ${JSON.stringify(value ?? "")}: expected a whole number from 1 to 1000`);
    }
    runs = Number(value);
  }
  return runs;
}

/**
 * Runs `body` with a new temporary directory, then removes it and whatever
 * the runs added to the project's dist/: bin/app.js caches bytecode per set
 * of V8 flags (the cdktf CLI's, say), and the project keeps no file of a bench.
 */
export function inScratchDirectory(projectRoot: string, body: (work: string) => void): void {
  const work = mkdtempSync(join(tmpdir(), "mlops-bench-"));
  const dist = join(projectRoot, "dist");
  const built = new Set(readdirSync(dist));
  try {
    body(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
    for (const added of readdirSync(dist).filter((name) => !built.has(name))) rmSync(join(dist, added), { recursive: true, force: true });
  }
}
