#!/usr/bin/env node
// Runs a compiled entry point: the app (`node bin/app.js`, the app command of
// cdktf.json and `npm run synth`) or a script (`node bin/app.js scripts/digest
// ...`). Compiles first when a TypeScript source changed since the last build,
// so nobody synthesizes stale stacks. Plain JavaScript: it runs before any build.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const buildInfo = path.join(root, "dist", ".tsbuildinfo");
const sources = ["tsconfig.json", "main.ts", "lib", "stacks", "scripts", "sim"];

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return entry.endsWith(".ts") || entry.endsWith(".json") ? stat.mtimeMs : 0;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

const built = fs.existsSync(buildInfo) ? fs.statSync(buildInfo).mtimeMs : -1;
if (sources.some((entry) => newestMtime(path.join(root, entry)) > built)) {
  process.stderr.write("Sources changed since the last build: compiling with tsc\n");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", root], { stdio: "inherit" });
  const now = new Date();
  fs.utimesSync(buildInfo, now, now);
}
const entry = process.argv[2] && !process.argv[2].startsWith("-") ? process.argv.splice(2, 1)[0] : "main";
require(path.join(root, "dist", `${entry}.js`));
