// Preloaded into every Node process of a benchmarked command (through
// NODE_OPTIONS=--require): on exit, each appends one JSON line with its own
// peak resident memory and how many files it loaded as modules to $BENCH_STATS_FILE.
// Node cannot read a child's rusage and GNU time is no part of `npm ci`; the
// largest line is what `/usr/bin/time -f %M` reports for a tree of Node
// processes (the peak of its largest process), measured from npm alone.
import { appendFileSync } from "fs";
import { dirname } from "path";

export interface ProcessStats {
  readonly pid: number;
  /** Peak resident set size of this process, in kilobytes. */
  readonly maxRssKb: number;
  /** Files this process loaded as CommonJS modules. */
  readonly modules: number;
}

const file = process.env.BENCH_STATS_FILE;
if (file !== undefined && file !== "") {
  process.on("exit", () => {
    const stats: ProcessStats = {
      pid: process.pid,
      maxRssKb: process.resourceUsage().maxRSS,
      // Not counting the preloads of this folder, which only the bench adds.
      modules: Object.keys(require.cache).filter((loaded) => dirname(loaded) !== __dirname).length,
    };
    appendFileSync(file, `${JSON.stringify(stats)}\n`);
  });
}
