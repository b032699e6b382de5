// What a synth was made from: the settings and a digest of the sources that
// shape the Terraform JSON. The synth writes it next to the stacks; a deploy
// compares it with the current ones, so a cdktf.out synthesized before a
// settings change or an edit of the stacks is never applied silently.
import { createHash } from "crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "fs";
import { join, relative, resolve } from "path";
import { Config } from "./config";

/** Written beside the stacks by every synth. */
export const SYNTH_INPUTS_FILE = "synth-inputs.json";

export interface SynthInputs {
  readonly settings: Config;
  /** sha256 of main.ts, lib/, stacks/ and package-lock.json (the provider bindings' versions). */
  readonly sources: string;
}

/** The project's root: this file is lib/synth-inputs.ts, compiled to dist/lib/. */
const ROOT = resolve(__dirname, "..", "..");
const SOURCES = ["main.ts", "lib", "stacks", "package-lock.json"];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name.endsWith(".ts") || statSync(join(path, name)).isDirectory() ? files(join(path, name)) : []));
}

export function sourcesDigest(root = ROOT): string {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap((source) => files(join(root, source)))) {
    hash.update(`${relative(root, file)}\n`).update(readFileSync(file)).update("\n");
  }
  return `sha256:${hash.digest("hex")}`;
}

export function synthInputs(settings: Config, root = ROOT): SynthInputs {
  return { settings, sources: sourcesDigest(root) };
}

/** Called by the app after it synthesized into `outdir`. */
export function writeSynthInputs(outdir: string, settings: Config): void {
  const file = join(outdir, SYNTH_INPUTS_FILE);
  writeFileSync(`${file}.${process.pid}.tmp`, `${JSON.stringify(synthInputs(settings), null, 2)}\n`);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/**
 * Undefined when `outdir` was synthesized from `current`; else why not, in
 * one sentence that says to synthesize again.
 */
export function staleSynth(outdir: string, current: SynthInputs): string | undefined {
  const file = join(outdir, SYNTH_INPUTS_FILE);
  let made: SynthInputs;
  try {
    made = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return `${file} is missing or unreadable, so what ${outdir} was synthesized from is unknown: run \`npm run synth\`, then deploy`;
  }
  const changed = Object.keys(current.settings).filter(
    (name) => JSON.stringify((made.settings as unknown as Record<string, unknown>)?.[name]) !== JSON.stringify((current.settings as unknown as Record<string, unknown>)[name]),
  );
  if (changed.length > 0) {
    const shown = changed
      .slice(0, 3)
      .map((name) => `${name}: ${JSON.stringify((made.settings as unknown as Record<string, unknown>)?.[name])} then, ${JSON.stringify((current.settings as unknown as Record<string, unknown>)[name])} now`);
    return `${outdir} was synthesized with other settings than the current ones (${shown.join("; ")}${changed.length > 3 ? `; ${changed.length - 3} more` : ""}): run \`npm run synth\`, then deploy`;
  }
  if (made.sources !== current.sources) {
    return `${outdir} was synthesized from other sources than the current main.ts, lib/, stacks/ and package-lock.json: run \`npm run synth\`, then deploy`;
  }
  return undefined;
}
