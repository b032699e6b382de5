import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { chmodSync, cpSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../lib/digest";
import { root, tempDir } from "./support";

/** A small stand-in for `mlem build docker_dir` output. */
function buildContext(): string {
  const dir = join(tempDir("context-"), "model-server");
  mkdirSync(join(dir, "model"), { recursive: true });
  writeFileSync(join(dir, "Dockerfile"), 'FROM python:3.11-slim\nCMD ["sh", "run.sh"]\n');
  writeFileSync(join(dir, "run.sh"), "mlem serve fastapi --load model --port 8080\n");
  writeFileSync(join(dir, "model", "model.pkl"), Buffer.from([0, 1, 2, 3, 255]));
  return dir;
}

describe("model digest", () => {
  it("is sha256: and 64 hex digits", () => {
    assert.match(digestPath(buildContext()), /^sha256:[0-9a-f]{64}$/);
  });

  it("is the same for the same tree in two locations", () => {
    const first = buildContext();
    const copy = join(tempDir("copy-"), "elsewhere");
    cpSync(first, copy, { recursive: true });
    assert.equal(digestPath(copy), digestPath(first));
    assert.equal(digestPath(buildContext()), digestPath(first));
  });

  it("changes with one changed byte", () => {
    const dir = buildContext();
    const before = digestPath(dir);
    writeFileSync(join(dir, "model", "model.pkl"), Buffer.from([0, 1, 2, 3, 254]));
    assert.notEqual(digestPath(dir), before);
  });

  it("changes with one renamed file", () => {
    const dir = buildContext();
    const before = digestPath(dir);
    renameSync(join(dir, "run.sh"), join(dir, "serve.sh"));
    assert.notEqual(digestPath(dir), before);
  });

  it("changes with one added file, even an empty one", () => {
    const dir = buildContext();
    const before = digestPath(dir);
    writeFileSync(join(dir, "model", ".keep"), "");
    assert.notEqual(digestPath(dir), before);
  });

  it("changes when a file moves between directories", () => {
    const dir = buildContext();
    const before = digestPath(dir);
    renameSync(join(dir, "model", "model.pkl"), join(dir, "model.pkl"));
    assert.notEqual(digestPath(dir), before);
  });

  it("ignores modes and empty directories", () => {
    const dir = buildContext();
    const before = digestPath(dir);
    chmodSync(join(dir, "run.sh"), 0o755);
    mkdirSync(join(dir, "empty"));
    assert.equal(digestPath(dir), before);
  });

  it("is the sha256 of a sha256sum-style manifest sorted by path bytes", () => {
    const dir = buildContext();
    writeFileSync(join(dir, "Z-upper"), "z");
    writeFileSync(join(dir, "é-accent"), "e");
    const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
    const manifest = [
      [sha('FROM python:3.11-slim\nCMD ["sh", "run.sh"]\n'), "Dockerfile"],
      [sha("z"), "Z-upper"],
      [sha(Buffer.from([0, 1, 2, 3, 255])), "model/model.pkl"],
      [sha("mlem serve fastapi --load model --port 8080\n"), "run.sh"],
      [sha("e"), "é-accent"],
    ]
      .map(([hash, path]) => `${hash}  ${path}\n`)
      .join("");
    assert.equal(digestPath(dir), `sha256:${sha(manifest)}`);
  });

  it("follows links, as Terraform's fileset does", () => {
    const dir = buildContext();
    symlinkSync("model/model.pkl", join(dir, "current"));
    const before = digestPath(dir);
    writeFileSync(join(dir, "model", "model.pkl"), "retrained");
    assert.notEqual(digestPath(dir), before);
  });

  it("names a broken link and a link cycle", () => {
    const broken = buildContext();
    symlinkSync("nowhere", join(broken, "dangling"));
    assert.throws(() => digestPath(broken), { message: `${join(broken, "dangling")} is a link to nothing: fix or remove it` });
    const cycle = buildContext();
    symlinkSync("..", join(cycle, "model", "up"));
    assert.throws(() => digestPath(cycle), /links back to a directory above it/);
  });

  it("of a single file is its sha256sum", () => {
    const dir = buildContext();
    // sha256 of the five bytes 00 01 02 03 ff
    assert.equal(
      digestPath(join(dir, "model", "model.pkl")),
      "sha256:ff5d8507b6a72bee2debce2c0054798deaccdc5d8a1b945b6280ce8aa9cba52e",
    );
  });

  it("names a missing path and what it expected", () => {
    assert.throws(() => digestPath("/nonexistent/model-server"), {
      message: "/nonexistent/model-server does not exist: expected the model server's build context (a directory) or a file",
    });
  });

  describe("npm run digest", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, "dist", "scripts", "digest.js"), ...args], { encoding: "utf8" });

    it("prints the digest and nothing else", () => {
      const dir = buildContext();
      const result = run(dir);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${digestPath(dir)}\n`);
    });

    it("fails with status 1 and a clear message on a missing path", () => {
      const result = run("no-such-dir");
      assert.equal(result.status, 1);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^digest: no-such-dir does not exist: expected the model server's build context/);
    });

    it("fails with usage on a missing argument", () => {
      const result = run();
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^usage: npm run digest -- <build-context-directory-or-file>/);
    });
  });
});
