// The git questions deploy:workload asks of the checkout it runs in: which
// commit is HEAD, does one commit descend from another, and the build context
// as it was at an older commit (for a rollback).
import { spawnSync } from "child_process";
import { rmSync } from "fs";
import { join } from "path";

export class GitError extends Error {}

interface GitResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git in `cwd`; never prompts (a CI job has nobody to answer). */
function git(args: string[], cwd: string): GitResult {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new GitError(missing ? "git is not on PATH: the deploy compares commits, so it needs git and the repository's history" : result.error.message);
  }
  return { status: result.status ?? 1, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function mustGit(args: string[], cwd: string): string {
  const result = git(args, cwd);
  if (result.status !== 0) throw new GitError(`git ${args.join(" ")} failed: ${result.stderr || `exit status ${result.status}`}`);
  return result.stdout;
}

/** The commit checked out in `cwd`. */
export function headCommit(cwd: string): string {
  const result = git(["rev-parse", "--verify", "HEAD^{commit}"], cwd);
  if (result.status !== 0) {
    throw new GitError(`${cwd} has no git commit checked out (${result.stderr}): the deploy records which commit it deployed, so it runs in a clone of the repository`);
  }
  return result.stdout;
}

/** The full id of `commit` when the local history has it, else undefined. */
export function resolveCommit(commit: string, cwd: string): string | undefined {
  const result = git(["rev-parse", "--verify", "--quiet", `${commit}^{commit}`], cwd);
  return result.status === 0 ? result.stdout : undefined;
}

/** True when the clone was made with a limited depth, so older commits may be missing. */
export function isShallow(cwd: string): boolean {
  return mustGit(["rev-parse", "--is-shallow-repository"], cwd) === "true";
}

/** Whether `ancestor` is `descendant` or one of its ancestors (both must be in the local history). */
export function isAncestor(ancestor: string, descendant: string, cwd: string): boolean {
  // Exit status 0: yes; 1: no; anything else is an error (git-merge-base(1), --is-ancestor).
  const result = git(["merge-base", "--is-ancestor", ancestor, descendant], cwd);
  if (result.status > 1) throw new GitError(`git merge-base --is-ancestor ${ancestor} ${descendant} failed: ${result.stderr}`);
  return result.status === 0;
}

/** Whether the two commits share any history at all (false after a force push of an unrelated history). */
export function haveCommonHistory(a: string, b: string, cwd: string): boolean {
  const result = git(["merge-base", a, b], cwd);
  if (result.status > 1) throw new GitError(`git merge-base ${a} ${b} failed: ${result.stderr}`);
  return result.status === 0;
}

/**
 * The files below `path` that differ from HEAD: changed, staged, untracked
 * or ignored. Ignored ones count too: the image is built from every file
 * there, and git could not give them back for a rollback to this commit.
 */
export function localChanges(path: string, cwd: string): string[] {
  const local = git(["status", "--porcelain", "--ignored", "--untracked-files=all", "--", path], cwd);
  if (local.status !== 0) throw new GitError(`git status -- ${path} failed: ${local.stderr}`);
  // "XY path" (git-status(1), porcelain v1); git() trims the output, and with it a first " M".
  return local.stdout === "" ? [] : local.stdout.split("\n").map((line) => line.replace(/^[ MTADRCU?!]{1,2} /, ""));
}

/**
 * Replaces the directory `path` (relative to `cwd`) with its content at
 * `commit`, exactly: files added after `commit` are removed, so the model
 * digest of the directory is the digest it had at `commit`. Only the working
 * tree changes; HEAD and the index stay, so `git restore -- <path>` undoes it.
 * Refuses when the directory holds changes or files git does not track:
 * those would be lost, and git could not give back their state at `commit`.
 */
export function restoreDirectory(path: string, commit: string, cwd: string): void {
  const files = localChanges(path, cwd);
  if (files.length > 0) {
    throw new GitError(
      `${path} holds changes or files git does not track (${files.slice(0, 5).join(", ")}): a rollback takes ${path} as git recorded it at ${commit.slice(0, 12)}, ` +
        "so the build context must be committed (docs/continuous-deployment.md)",
    );
  }
  // "./" makes the path relative to cwd, not to the repository's top (gitrevisions(7), <rev>:<path>).
  if (git(["cat-file", "-e", `${commit}:./${path}`], cwd).status !== 0) {
    throw new GitError(`${path} does not exist at commit ${commit}: nothing to roll back to`);
  }
  rmSync(join(cwd, path), { recursive: true, force: true });
  mustGit(["restore", `--source=${commit}`, "--worktree", "--", path], cwd);
}
