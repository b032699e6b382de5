// README and help are promises: these tests keep them true.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { join } from "path";
import { describeSetting, settingNames } from "../lib/config";
import { defaultContext, root } from "./support";

const readme = readFileSync(join(root, "README.md"), "utf8");
const help = readFileSync(join(root, "help"), "utf8");
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `README has no section "${title}"`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe("README", () => {
  it("starts in exactly two commands: install and synthesize, then test", () => {
    const blocks = [...section("Quick start").matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.deepEqual(blocks, ["npm ci && npm run synth\nnpm test\n"]);
  });

  it("uses the test command that CI runs", () => {
    const ci = readFileSync(join(root, ".ci", "run"), "utf8");
    assert.match(ci, /^npm ci$/m);
    assert.match(ci, /^npm test$/m);
  });

  it("documents every setting with its variable and the default of cdktf.json", () => {
    const rows = section("Configuration")
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").replace(/ \|$/, "")));
    assert.deepEqual(
      rows.map(([name]) => name),
      settingNames.map((name) => `\`${name}\``),
    );
    for (const [name, env, value, meaning] of rows) {
      const setting = name.slice(1, -1) as (typeof settingNames)[number];
      const { env: variable, doc } = describeSetting(setting);
      assert.equal(env, variable ? `\`${variable}\`` : "", `${setting}'s variable`);
      assert.equal(value, `\`${JSON.stringify(defaultContext[setting])}\``, `${setting}'s default`);
      assert.equal(meaning, doc, `${setting}'s meaning`);
    }
  });

  it("mentions only npm scripts that exist, in README and help", () => {
    for (const [file, text] of [["README.md", readme], ["help", help]]) {
      for (const [, script] of text.matchAll(/npm run(?: -s)? ([a-z:-]+)/g)) {
        assert.ok(script in scripts, `${file} mentions npm run ${script}, which package.json lacks`);
      }
    }
  });

  it("lists every stack in the diagram and in help", () => {
    for (const stack of ["identity", "registry", "cluster", "workload"]) {
      assert.match(section("The stacks"), new RegExp(`\\b${stack}\\[`), `diagram lacks ${stack}`);
      assert.match(help, new RegExp(`\\b${stack}\\b`), `help lacks ${stack}`);
    }
  });
});
