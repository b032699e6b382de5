// bin/app.js, which `npm run synth` and `cdktf synth` run: it runs the app as
// one bundle of dist/ and node_modules (README "Performance"), rebuilt
// whenever either changed, so a synth never shows stale stacks. (Its older
// half, compiling dist/ with tsc when a source changed, is unchanged.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { appendFileSync, cpSync, existsSync, statSync, symlinkSync, utimesSync } from "fs";
import { join } from "path";
import { root, tempDir } from "./support";

/** A built copy of the app (sources, what tsc built of them, a link to node_modules), as after `npm ci`. */
function projectCopy(): string {
  const project = tempDir("project-");
  const app = ["main.ts", "lib", "stacks"];
  const entries = ["bin", "tsconfig.json", "cdktf.json", "package-lock.json", ...app, "dist/.tsbuildinfo", "dist/app.bundle.js", ...app.map((entry) => join("dist", entry.replace(/\.ts$/, ".js")))];
  // No bundle yet on a fresh clone: the first synth in the copy makes one.
  for (const entry of entries.filter((name) => existsSync(join(root, name)))) {
    cpSync(join(root, entry), join(project, entry), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(root, "node_modules"), join(project, "node_modules"), "dir");
  return project;
}

/** Synthesizes in `project`; returns what it printed to stderr. */
function synth(project: string): string {
  const run = spawnSync(process.execPath, [join(project, "bin", "app.js")], {
    cwd: project,
    env: { PATH: process.env.PATH },
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(existsSync(join(project, "cdktf.out", "manifest.json")), "nothing synthesized");
  return run.stderr;
}

/** Marks `file` as changed after everything built so far. */
function touchLater(file: string): void {
  const later = new Date(Date.now() + 2000);
  utimesSync(file, later, later);
}

describe("bin/app.js", () => {
  const project = projectCopy();
  const bundle = join(project, "dist", "app.bundle.js");

  it("runs what tsc last built, never an older bundle", () => {
    // What tsc does when a source changes: new JavaScript in dist/, a newer .tsbuildinfo.
    appendFileSync(join(project, "dist", "main.js"), '\nprocess.stderr.write("rebuilt by tsc\\n");\n');
    touchLater(join(project, "dist", ".tsbuildinfo"));
    assert.equal(synth(project), "rebuilt by tsc\n");
  });

  it("rebuilds the bundle when the installed packages change", () => {
    const built = statSync(bundle).mtimeMs;
    touchLater(join(project, "package-lock.json"));
    synth(project);
    assert.ok(statSync(bundle).mtimeMs > built, "the bundle was not rebuilt");
  });
});
