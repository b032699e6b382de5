// The model digest: one sha256 over a build context, so that "has the model
// changed?" is a string comparison, as MLEM's metadata hash was in the guide.
//
// What is hashed, for a directory: every regular file and symbolic link below
// it, sorted by relative path ("/"-separated, compared as UTF-8 bytes), each
// as a record of its kind ("file", "executable file" when the owner's execute
// bit is set, or "link"), its relative path, its length and its bytes (a
// link's bytes are its target, not followed). Directories count only through
// what they hold: an empty one changes nothing. Other modes, owners and times
// do not count, so a fresh clone gives the digest of the original tree.
// For a single file: the sha256 of its bytes, as `sha256sum` prints it.
import { createHash, Hash } from "crypto";
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, Stats } from "fs";
import { join } from "path";

export class DigestError extends Error {}

export function digestPath(path: string): string {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    throw new DigestError(`${path} does not exist: expected the model server's build context (a directory) or a file`);
  }
  const hash = createHash("sha256");
  if (stat.isDirectory()) {
    for (const entry of listTree(path, "")) hashEntry(hash, path, entry);
  } else if (stat.isFile()) {
    hashFile(hash, path);
  } else {
    throw new DigestError(`${path} is neither a directory nor a regular file`);
  }
  return `sha256:${hash.digest("hex")}`;
}

/** Relative paths of the files and links below `dir`, sorted by their UTF-8 bytes. */
function listTree(root: string, prefix: string): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) paths.push(...listTree(root, relative));
    else paths.push(relative);
  }
  return paths.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function hashEntry(hash: Hash, root: string, relative: string): void {
  const path = join(root, relative);
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) {
    const target = Buffer.from(readlinkSync(path));
    hash.update(`link\0${relative}\0${target.length}\0`).update(target);
  } else if (stat.isFile()) {
    const kind = stat.mode & 0o100 ? "executable file" : "file";
    hash.update(`${kind}\0${relative}\0${stat.size}\0`);
    hashFile(hash, path);
  } else {
    throw new DigestError(`${path} is neither a file, a directory nor a link: a build context holds none of those`);
  }
}

/** Streams the file through the hash: model files can be larger than memory wants. */
function hashFile(hash: Hash, path: string): void {
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  try {
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}
