#!/usr/bin/env node
// Runs a compiled entry point: the app (`node bin/app.js`, the app command of
// cdktf.json and `npm run synth`) or a script (`node bin/app.js scripts/digest
// ...`). Compiles first when a TypeScript source changed since the last build,
// so nobody synthesizes stale stacks. Plain JavaScript: it runs before any build.
//
// Speed (docs/performance.md): the app runs as one bundle of dist/ and the
// node_modules it uses, with a V8 code cache. Loading cdktf and the provider
// classes as ~500 separate files spends more time finding and compiling them
// than building the stacks; one file with cached bytecode skips most of it.
"use strict";
const { execFileSync } = require("child_process");
const { createHash } = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const buildInfo = path.join(dist, ".tsbuildinfo");
const sources = ["tsconfig.json", "main.ts", "lib", "stacks", "scripts", "bench", "sim", "bootstrap"];
const bundle = path.join(dist, "app.bundle.js");
// What the bundle is made of besides dist/: the installed packages (npm
// rewrites its lock files whenever it changes node_modules) and this file.
const bundleInputs = [
  buildInfo,
  path.join(root, "package-lock.json"),
  path.join(root, "node_modules", ".package-lock.json"),
  __filename,
];

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return entry.endsWith(".ts") || entry.endsWith(".json") ? stat.mtimeMs : 0;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

function mtime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1;
}

/** Writes through a temporary file, so a concurrent synth never reads half a file. */
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

/**
 * Inside a bundle, `__filename` and `__dirname` would name the bundle. Some
 * packages use them (cdktf zips assets by running its own lib/private/fs.js
 * as a script), so each module that does gets its own values back.
 */
const keepModulePaths = {
  name: "keep-module-paths",
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, ({ path: file }) => {
      const code = fs.readFileSync(file, "utf8");
      if (!/\b__(filename|dirname)\b/.test(code)) return undefined;
      const names = `var __filename = ${JSON.stringify(file)}, __dirname = ${JSON.stringify(path.dirname(file))};`;
      // After a #! line and a "use strict" directive, which must stay first.
      const hashbang = /^#![^\n]*\n/.exec(code)?.[0].length ?? 0;
      const strict = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(["'])use strict\1;?/.exec(code.slice(hashbang));
      const at = hashbang + (strict?.[0].length ?? 0);
      return { contents: `${code.slice(0, at)}\n${names}\n${code.slice(at)}`, loader: "js" };
    });
  },
};

async function bundleApp() {
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    // Not dist/main.js itself: its "use strict" would head the bundle and make
    // every bundled module strict, the sloppy ones (lodash, archiver...) too.
    stdin: { contents: 'require("./dist/main.js");', resolveDir: root, sourcefile: "app-entry.js" },
    // Paths in the bundle are relative to the project, wherever synth runs.
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "cjs",
    // Class names appear in construct errors ("There is already a Construct ... in IdentityStack").
    keepNames: true,
    write: false,
    outfile: bundle,
    logLevel: "warning",
    plugins: [keepModulePaths],
  });
  // Replaced in one rename: a synth running meanwhile reads the old bundle or the new one.
  writeAtomically(bundle, result.outputFiles[0].contents);
  const caches = fs.readdirSync(dist).filter((name) => name.startsWith("app.bundle.") && name.endsWith(".cache"));
  for (const stale of caches) fs.rmSync(path.join(dist, stale), { force: true });
}

/**
 * The code cache of one build of the bundle (`build`: its size and mtime; V8
 * itself checks only the length of the source) under one set of V8 flags:
 * V8 rejects a cache made under others, such as the --max-old-space-size the
 * cdktf CLI puts in NODE_OPTIONS. Preloaded modules (--require) change no flag.
 */
function codeCacheFile(build) {
  const withoutPreloads = (options) => options.replace(/(?:--require|-r)(?:=|\s+)(?:"[^"]*"|\S+)/g, "").trim();
  const options = [process.execArgv.join(" "), process.env.NODE_OPTIONS ?? ""].map(withoutPreloads);
  const key = JSON.stringify([build, process.version, process.arch, ...options]);
  return path.join(dist, `app.bundle.${createHash("sha256").update(key).digest("hex").slice(0, 16)}.cache`);
}

function readIfPresent(file) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
}

/** Runs the bundle as the main program would run dist/main.js, from cached bytecode when there is some. */
function runBundle() {
  // Size, mtime and text from one open file, so they belong to the same build.
  const fd = fs.openSync(bundle, "r");
  let build, source;
  try {
    const { size, mtimeMs } = fs.fstatSync(fd);
    build = `${size}:${mtimeMs}`;
    source = fs.readFileSync(fd, "utf8");
  } finally {
    fs.closeSync(fd);
  }
  const cacheFile = codeCacheFile(build);
  const cachedData = readIfPresent(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Made after a successful run, the cache holds every function the synth compiled.
    process.once("exit", (code) => {
      if (code === 0) writeAtomically(cacheFile, script.createCachedData());
    });
  }
  const app = new Module(bundle, module);
  app.filename = bundle;
  script.runInThisContext().call(app.exports, app.exports, Module.createRequire(bundle), app, bundle, dist);
}

const built = mtime(buildInfo);
if (sources.some((entry) => newestMtime(path.join(root, entry)) > built)) {
  process.stderr.write("Sources changed since the last build: compiling with tsc\n");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", root], { stdio: "inherit" });
  const now = new Date();
  fs.utimesSync(buildInfo, now, now);
}
const entry = process.argv[2] && !process.argv[2].startsWith("-") ? process.argv.splice(2, 1)[0] : "main";
if (entry !== "main") require(path.join(dist, `${entry}.js`));
// esbuild's plugins need its asynchronous API; a synth with a fresh bundle stays synchronous.
else if (Math.max(...bundleInputs.map(mtime)) > mtime(bundle)) bundleApp().then(runBundle);
else runBundle();
