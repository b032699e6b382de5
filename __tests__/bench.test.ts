// The benchmark's parts: the template-style baseline it generates, how it
// measures, and how it splits a profile into phases. (The timings themselves
// are never asserted here: `npm run bench` measures them.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { join } from "path";
import type { Runtime } from "inspector";
import {
  cdktfCliEnvironment,
  childrenCpuSeconds,
  differingFiles,
  inScratchDirectory,
  measure,
  median,
  parseRuns,
  processStatsPreload,
  shellEnvironment,
} from "../bench/measure";
import { phaseOf } from "../bench/phases";
import {
  NamespaceOf,
  importFromPackageRoot,
  providerNamespaces,
  templateAppCommand,
  writeTemplateProject,
} from "../bench/template";
import { root, tempDir } from "./support";

const nodeModules = join(root, "node_modules");
const namespaces: NamespaceOf = (provider, module) =>
  `${module.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}From${provider}`;

describe("the template-style baseline", () => {
  it("imports provider classes from the package root, under the names the code uses", () => {
    const source = [
      'import { Construct } from "constructs";',
      "import {",
      "  ServiceAccount,",
      "  ServiceAccountConfig as Settings,",
      '} from "@cdktf/provider-google/lib/service-account";',
      'import * as pool from "@cdktf/provider-google/lib/container-node-pool";',
      "new ServiceAccount(scope, id, settings as Settings);",
    ].join("\n");
    assert.equal(
      importFromPackageRoot("stacks/x.ts", source, namespaces),
      [
        'import { Construct } from "constructs";',
        'import { serviceAccountFromgoogle as google_serviceAccountFromgoogle } from "@cdktf/provider-google";',
        "import ServiceAccount = google_serviceAccountFromgoogle.ServiceAccount;",
        "import Settings = google_serviceAccountFromgoogle.ServiceAccountConfig;",
        'import { containerNodePoolFromgoogle as pool } from "@cdktf/provider-google";',
        "new ServiceAccount(scope, id, settings as Settings);",
      ].join("\n"),
    );
  });

  it("refuses an import it cannot rewrite, naming the file and the import", () => {
    assert.throws(
      () => importFromPackageRoot("lib/y.ts", 'import Provider from "@cdktf/provider-docker/lib/provider";', namespaces),
      { message: 'lib/y.ts: cannot rewrite `import Provider from "@cdktf/provider-docker/lib/provider";` to import from the package root' },
    );
    assert.throws(
      () => importFromPackageRoot("lib/z.ts", 'const p = require("@cdktf/provider-docker/lib/provider");', namespaces),
      { message: 'lib/z.ts: cannot rewrite `const p = require("@cdktf/provider-docker/lib/provider");` to import from the package root' },
    );
  });

  it("finds each module's name in the provider's root exports", () => {
    const google = providerNamespaces(nodeModules);
    assert.equal(google("google", "service-account"), "serviceAccount");
    assert.equal(google("google", "artifact-registry-repository-iam-member"), "artifactRegistryRepositoryIamMember");
    assert.throws(() => google("google", "no-such-resource"), {
      message: "@cdktf/provider-google does not export lib/no-such-resource from its package root",
    });
  });

  it("is generated from the current sources, with the template's app command and tsconfig", () => {
    const dir = tempDir("template-");
    writeTemplateProject(root, dir);
    const generated = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
      (name) => name.endsWith(".ts") && !name.startsWith("node_modules"),
    );
    const ours = ["main.ts", ...["lib", "stacks"].flatMap((folder) => readdirSync(join(root, folder)).map((name) => join(folder, name)))];
    assert.deepEqual(generated.sort(), ours.filter((name) => name.endsWith(".ts")).sort());
    for (const file of generated) {
      assert.doesNotMatch(readFileSync(join(dir, file), "utf8"), /@cdktf\/provider-[a-z]+\/lib\//, `${file} still imports a submodule`);
    }
    assert.match(readFileSync(join(dir, "lib", "google-stack.ts"), "utf8"), /from "@cdktf\/provider-google";/);

    const cdktfJson = JSON.parse(readFileSync(join(dir, "cdktf.json"), "utf8"));
    assert.equal(cdktfJson.app, "npx ts-node main.ts");
    assert.equal(templateAppCommand(nodeModules), "npx ts-node main.ts");
    assert.deepEqual(cdktfJson.context, JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context);

    const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")).compilerOptions;
    const ourTsconfig = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")).compilerOptions;
    assert.equal(tsconfig.target, ourTsconfig.target);
    assert.deepEqual(tsconfig.lib, ourTsconfig.lib);
    assert.equal(tsconfig.experimentalDecorators, true, "the rest is the template's");
    assert.ok(lstatSync(join(dir, "node_modules")).isSymbolicLink());
  });
});

describe("measuring a command", () => {
  const env = shellEnvironment(process.env, [processStatsPreload]);

  it("reports the peak memory of the command's largest Node process", () => {
    const dir = tempDir("measure-");
    // A parent that stays small and a child that holds ~200 MB.
    const child = "const b = Buffer.alloc(200e6, 1); console.log(b[0]);";
    const parent = `require("child_process").execFileSync(process.execPath, ["-e", ${JSON.stringify(child)}]);`;
    const run = measure({ label: "allocate", argv: [process.execPath, "-e", parent], cwd: dir }, env, join(dir, "stats"));
    assert.equal(run.processes.length, 2);
    const peak = run.peakMB ?? 0;
    assert.ok(peak >= 200 && peak < 400, `peak ${run.peakMB} MB`);
    assert.ok(run.seconds > 0);
  });

  it("times a command without the preload when told not to read memory", () => {
    const dir = tempDir("measure-");
    const command = { label: "options", argv: [process.execPath, "-e", "process.exit(process.env.NODE_OPTIONS ? 1 : 0)"], cwd: dir };
    const run = measure({ ...command, memory: false }, env, join(dir, "stats"));
    assert.deepEqual([run.peakMB, run.processes], [undefined, []]);
  });

  it("fails with the command's output when it fails", () => {
    const dir = tempDir("measure-");
    const failing = { label: "failing", argv: [process.execPath, "-e", 'console.error("broken config"); process.exit(3)'], cwd: dir };
    assert.throws(() => measure(failing, env, join(dir, "stats")), { message: `failing exited with 3 in ${dir}:\nbroken config` });
  });

  it("runs commands as from a user's shell, not from inside npm", () => {
    const clean = shellEnvironment(
      { PATH: ["/project/node_modules/.bin", "/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin", "/usr/bin"].join(":"), npm_lifecycle_event: "bench", HOME: "/root" },
      ["/a/stats.js"],
    );
    assert.equal(clean.PATH, "/usr/bin");
    assert.equal(clean.npm_lifecycle_event, undefined);
    assert.equal(clean.HOME, "/root");
    assert.equal(clean.NODE_OPTIONS, '--require "/a/stats.js"');
    assert.equal(cdktfCliEnvironment(clean).NODE_OPTIONS, '--require "/a/stats.js" --max-old-space-size=4096');
    assert.equal(clean.CHECKPOINT_DISABLE, "1");
  });

  it("leaves nothing behind: neither its scratch directory nor files the runs added to dist/", () => {
    const project = tempDir("project-");
    mkdirSync(join(project, "dist"));
    writeFileSync(join(project, "dist", "main.js"), "");
    let scratch = "";
    inScratchDirectory(project, (work) => {
      scratch = work;
      writeFileSync(join(work, "out.json"), "{}");
      writeFileSync(join(project, "dist", "app.bundle.cache"), "");
    });
    assert.equal(existsSync(scratch), false);
    assert.deepEqual(readdirSync(join(project, "dist")), ["main.js"]);
  });

  it("takes medians", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), { message: "median of no values" });
  });

  it("finds every file that is not byte-identical", () => {
    const expected = tempDir("expected-");
    const actual = tempDir("actual-");
    for (const dir of [expected, actual]) mkdirSync(join(dir, "stacks"));
    writeFileSync(join(expected, "manifest.json"), "{}");
    writeFileSync(join(actual, "manifest.json"), "{}");
    writeFileSync(join(expected, "stacks", "a.json"), "1");
    writeFileSync(join(actual, "stacks", "a.json"), "1 ");
    writeFileSync(join(expected, "stacks", "b.json"), "");
    writeFileSync(join(actual, "stacks", "c.json"), "");
    assert.deepEqual(differingFiles(expected, actual), ["stacks/a.json differs", "stacks/b.json is missing", "stacks/c.json is extra"]);
    assert.deepEqual(differingFiles(expected, expected), []);
  });

  it("counts the CPU time of a command and of the children it waited for, and keeps its exit status", () => {
    const stats = join(tempDir("cpu-"), "stats.jsonl");
    // A child doing a fixed amount of work (about 0.4 s of CPU here): its CPU
    // time is counted, not only the shell's, however loaded the machine is.
    const work = "let x = 0; for (let i = 0; i < 1e8; i++) x = (x + i) % 1000003; if (x < 0) console.log(x);";
    const spin = { label: "spin", argv: [process.execPath, "-e", work], cwd: root, memory: false as const, cpu: true as const };
    const measured = measure(spin, { PATH: process.env.PATH ?? "" }, stats);
    assert.ok(measured.cpuSeconds !== undefined && measured.cpuSeconds >= 0.05, String(measured.cpuSeconds));
    assert.throws(() => measure({ ...spin, argv: [process.execPath, "-e", "process.exit(3)"] }, { PATH: process.env.PATH ?? "" }, stats), /exited with 3/);
    assert.equal(childrenCpuSeconds("output\n0m0.010s 0m0.002s\n1m2.500s 0m0.250s\n"), 62.75);
    assert.throws(() => childrenCpuSeconds("no times here"), /expected bash's `times` as the last line/);
  });

  it("reads --runs N, and rejects anything else by name", () => {
    assert.equal(parseRuns([]), 5);
    assert.equal(parseRuns(["--runs", "7"]), 7);
    assert.equal(parseRuns(["--runs=3"]), 3);
    assert.throws(() => parseRuns(["--runs", "0"]), { message: '--runs is "0": expected a whole number from 1 to 1000' });
    assert.throws(() => parseRuns(["--runs"]), { message: '--runs is "": expected a whole number from 1 to 1000' });
    assert.throws(() => parseRuns(["--fast"]), { message: 'unknown argument "--fast": expected --runs N' });
  });
});

describe("splitting a profile into phases", () => {
  const frame = (functionName: string, url = "", lineNumber = 5, columnNumber = 3): Runtime.CallFrame => ({
    functionName,
    url,
    lineNumber,
    columnNumber,
    scriptId: "0",
  });
  const loader = frame("Module._load", "node:internal/modules/cjs/loader");
  const mainTs = frame("", "/tmp/template/main.ts", 0, 0);
  const mainBundled = frame("dist/main.js", "/repo/dist/app.bundle.js");
  const synth = frame("synth", "/repo/node_modules/cdktf/lib/app.js");

  it("tells module loading from our code, in Node's loader and in a bundle", () => {
    const providerBody = frame("", "/repo/node_modules/@cdktf/provider-google/lib/service-account/index.js", 0, 0);
    assert.equal(phaseOf([frame("readFileUtf8"), loader, mainTs]), "module load: resolve, read, compile, run module bodies");
    assert.equal(phaseOf([frame("defineProperty"), providerBody, loader, mainTs]), "module load: resolve, read, compile, run module bodies");
    assert.equal(phaseOf([frame("x"), frame("node_modules/cdktf/lib/app.js"), mainBundled]), "module load: resolve, read, compile, run module bodies");
    assert.equal(phaseOf([frame("captureStackTrace"), frame("IdentityStack", "/tmp/template/stacks/identity.ts"), mainTs]), "construct tree: config and stacks");
    assert.equal(phaseOf([frame("IdentityStack", "/repo/dist/app.bundle.js"), mainBundled]), "construct tree: config and stacks");
  });

  it("tells resolving tokens from writing JSON inside synth", () => {
    assert.equal(phaseOf([frame("resolve"), frame("toTerraform"), synth, mainTs]), "synth: prepare stacks, resolve tokens, validate");
    assert.equal(phaseOf([frame("stableStringify"), frame("synthesize"), synth, mainTs]), "synth: JSON serialize and write");
    assert.equal(phaseOf([frame("writeFileSync", "node:fs"), synth, mainBundled]), "synth: JSON serialize and write");
  });

  it("puts the TypeScript compiler, garbage collection and the rest apart", () => {
    const checker = frame("checkSourceFile", "/repo/node_modules/typescript/lib/typescript.js");
    assert.equal(phaseOf([checker, frame("compile", "/repo/node_modules/ts-node/dist/index.js"), loader, mainTs]), "TypeScript type-check and compile (ts-node)");
    assert.equal(phaseOf([frame("(garbage collector)")]), "garbage collection");
    assert.equal(phaseOf([frame("(idle)")]), "other: idle, V8 runtime");
  });
});
