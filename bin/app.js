#!/usr/bin/env node
// The app command of cdktf.json and `npm run synth`: runs the compiled app,
// compiling first when a TypeScript source changed since the last build, so a
// synth never shows stale stacks. Plain JavaScript: it runs before any build.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const buildInfo = path.join(root, "dist", ".tsbuildinfo");
const sources = ["tsconfig.json", "main.ts", "lib", "stacks"];

function newestMtime(entry) {
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
require(path.join(root, "dist", "main.js"));
