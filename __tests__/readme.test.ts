// README, docs/ and help are promises: these tests keep them true.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "fs";
import { dirname, join, relative } from "path";
import { describeSetting, settingNames } from "../lib/config";
import { defaultContext, root } from "./support";

const read = (...path: string[]) => readFileSync(join(root, ...path), "utf8");
const readme = read("README.md");
const help = read("help");
const scripts: Record<string, string> = JSON.parse(read("package.json")).scripts;
const docs = readdirSync(join(root, "docs")).filter((file) => file.endsWith(".md")).map((file) => join("docs", file));
/** Every Markdown page a reader reaches from README. */
const pages = ["README.md", ...docs, "sim/README.md", "model-server/README.md"].filter((page) => existsSync(join(root, page)));
/** The stacks the app synthesizes, from the reviewed manifest that app.test.ts keeps equal to a fresh synth. */
const stacks = Object.keys(JSON.parse(read("__tests__", "synthesized", "manifest.json")).stacks);

function section(text: string, title: string, page = "README.md"): string {
  const start = text.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `${page} has no section "${title}"`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

/** The headings of a Markdown page, outside code blocks. */
function headings(text: string): string[] {
  let fenced = false;
  return text.split("\n").flatMap((line) => {
    if (line.startsWith("```")) fenced = !fenced;
    const match = !fenced && /^#{1,6} (.+)$/.exec(line);
    return match ? [anchor(match[1])] : [];
  });
}

/** The links of `text` (on `page`) to files or headings that do not exist. */
function brokenLinks(page: string, text: string): string[] {
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // https:, mailto: — outside the repository
    const [path, fragment] = target.split("#");
    const file = path === "" ? page : relative(root, join(root, dirname(page), path));
    if (!existsSync(join(root, file))) {
      broken.push(`${page}: ${target} (no file ${file})`);
    } else if (fragment !== undefined && file.endsWith(".md") && !headings(read(file)).includes(fragment)) {
      broken.push(`${page}: ${target} (no heading #${fragment} in ${file})`);
    }
  }
  return broken;
}

describe("README", () => {
  it("starts in exactly two commands: install and synthesize, then test", () => {
    const blocks = [...section(readme, "Quick start").matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.deepEqual(blocks, ["npm ci && npm run synth\nnpm test\n"]);
  });

  it("uses the test command that CI runs", () => {
    const ci = read(".ci", "run");
    assert.match(ci, /^npm ci$/m);
    assert.match(ci, /^npm test$/m);
  });

  it("is the front door: at most 250 lines, the depth in docs/", () => {
    const lines = readme.split("\n").length;
    assert.ok(lines <= 250, `README.md has ${lines} lines`);
    for (const title of ["Quick start", "The stacks", "Three ways to use it", "Documentation"]) section(readme, title);
    const linked = new Set([...section(readme, "Documentation").matchAll(/\]\((docs\/[^)#]+)/g)].map((match) => match[1]));
    for (const page of docs) assert.ok(linked.has(page), `README's Documentation table does not link ${page}`);
  });

  it("lists every stack in the diagram and in help", () => {
    for (const stack of stacks) {
      assert.match(section(readme, "The stacks"), new RegExp(`\\b${stack}\\[`), `diagram lacks ${stack}`);
      assert.match(help, new RegExp(`\\b${stack}\\b`), `help lacks ${stack}`);
    }
  });
});

describe("docs", () => {
  it("documents every setting with its variable and the default of cdktf.json (docs/configuration.md)", () => {
    const rows = read("docs", "configuration.md")
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

  it("mentions only npm scripts that exist, in README, docs/ and help", () => {
    for (const page of [...pages, "help"]) {
      for (const [, script] of read(page).matchAll(/npm run(?: -s)? ([a-z][a-z:-]*)/g)) {
        assert.ok(script in scripts, `${page} mentions npm run ${script}, which package.json lacks`);
      }
    }
  });

  it("links only to files and headings that exist", () => {
    assert.deepEqual(pages.flatMap((page) => brokenLinks(page, read(page))), []);
  });

  it("would catch a link to a missing file or heading (the check can fail)", () => {
    const page = "docs/example.md";
    const text = "[ok](deploying.md) [gone](missing.md) [no such heading](deploying.md#no-such-heading) [web](https://example.com)";
    assert.deepEqual(brokenLinks(page, text), [
      "docs/example.md: missing.md (no file docs/missing.md)",
      "docs/example.md: deploying.md#no-such-heading (no heading #no-such-heading in docs/deploying.md)",
    ]);
    assert.equal(anchor("Why `roles/container.developer`"), "why-rolescontainerdeveloper");
    assert.ok(!headings("```sh\n# not a heading\n```\n# A heading\n").includes("not-a-heading"));
  });
});
