// Preloaded (NODE_OPTIONS=--require) into every Node process of a profiled
// command: samples its CPU from the first line of JavaScript to exit, and
// writes $BENCH_CPU_PROFILE_DIR/<pid>.cpuprofile (the format of
// `node --cpu-prof`, which NODE_OPTIONS does not accept).
import { writeFileSync } from "fs";
import { Session } from "inspector";
import { join } from "path";

const dir = process.env.BENCH_CPU_PROFILE_DIR;
// npm and npx themselves stay unprofiled: profiling would slow their start,
// which the report shows as the time outside the app's process.
const launcher = /[\\/]np[mx]-cli\.js$/.test(process.argv[1] ?? "");
if (dir !== undefined && dir !== "" && !launcher) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  // 250 µs: phases of a few milliseconds still get a dozen samples.
  session.post("Profiler.setSamplingInterval", { interval: 250 });
  session.post("Profiler.start");
  process.on("exit", () => {
    // The in-process inspector answers synchronously, so this runs before exit.
    session.post("Profiler.stop", (error, result) => {
      if (error === null) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
