// The model digest: one sha256 over a build context, so that "has the model
// changed?" is a string comparison, as MLEM's metadata hash was in the guide.
//
// What is hashed, for a directory: a manifest with one line per file below
// it, `<sha256 of the file>  <relative path>\n` (the format of `sha256sum`),
// sorted by relative path ("/"-separated, compared as UTF-8 bytes). Links are
// followed, as Terraform's fileset() follows them. Directories count only
// through the files they hold: an empty one changes nothing. Modes, owners
// and times do not count, so a fresh clone gives the digest of the original.
// This is exactly what Terraform computes with
//   sha256(join("", [for f in sort(fileset(dir, "**")) : "${filesha256("${dir}/${f}")}  ${f}\n"]))
// which lets the workload stack check a digest against its build context.
// For a single file: the sha256 of its bytes, as `sha256sum` prints it.
import { createHash } from "crypto";
import { closeSync, openSync, readSync, readdirSync, realpathSync, statSync, Stats } from "fs";
import { join } from "path";

/** What a digest looks like; Terraform's variable validation uses the same pattern. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * The commit a model was built from, in full as `git rev-parse` prints it:
 * the workload stack's `model_commit` validation and the deploy script's
 * check of the recorded one use the same pattern.
 */
export const COMMIT_PATTERN = /^[0-9a-f]{40}$/;

/** An image pinned by registry digest, as the workload's output `image` prints it: `<host>/<path>@sha256:<64 hex>`. */
export const IMAGE_PATTERN = /^[a-z0-9.-]+(:[0-9]+)?([/][a-z0-9._-]+)+@sha256:[0-9a-f]{64}$/;

export class DigestError extends Error {}

export function digestPath(path: string): string {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new DigestError(`${path} does not exist: expected the model server's build context (a directory) or a file`);
  }
  if (stat.isFile()) return `sha256:${sha256File(path)}`;
  if (!stat.isDirectory()) throw new DigestError(`${path} is neither a directory nor a regular file`);
  const manifest = listFiles(path, "", new Set())
    .map((relative) => `${sha256File(join(path, relative))}  ${relative}\n`)
    .join("");
  return `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
}

/** Relative paths of the files below `root`, links followed, sorted by their UTF-8 bytes. */
function listFiles(root: string, prefix: string, visiting: Set<string>): string[] {
  const dir = join(root, prefix);
  const real = realpathSync(dir);
  if (visiting.has(real)) throw new DigestError(`${dir} links back to a directory above it: a build context has no cycles`);
  visiting.add(real);
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const relative = prefix === "" ? name : `${prefix}/${name}`;
    if (relative.includes("\n")) throw new DigestError(`${JSON.stringify(relative)} has a newline in its name`);
    let stat: Stats;
    try {
      stat = statSync(join(root, relative));
    } catch {
      throw new DigestError(`${join(root, relative)} is a link to nothing: fix or remove it`);
    }
    if (stat.isDirectory()) files.push(...listFiles(root, relative, visiting));
    else if (stat.isFile()) files.push(relative);
  }
  visiting.delete(real);
  return files.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Streams the file through the hash: model files can be larger than memory wants. */
function sha256File(path: string): string {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  try {
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}
