// What `npm run bench` and `npm run bench:profile` share: `--runs N`, the
// machine they report, a scratch directory holding the template-style copy of
// the project, and the two synths every comparison starts from.
import { mkdirSync } from "fs";
import { join, resolve } from "path";
import { Command, describeMachine, inScratchDirectory, parseRuns, processStatsPreload, shellEnvironment } from "./measure";
import { templateAppCommand, writeTemplateProject } from "./template";

/** The project the bench measures (the bench runs from dist/bench/). */
export const projectRoot = resolve(__dirname, "..", "..");

export interface Session {
  /** Measured rounds (`--runs N`, default 5). */
  readonly runs: number;
  /** The scratch directory, removed at the end. */
  readonly work: string;
  /** The template-style copy of the project (template.ts). */
  readonly template: string;
  /** The environment of every command: a user's shell with the given preloads. */
  readonly env: Record<string, string>;
  /** A directory in the scratch directory for one command's output (not created). */
  out(name: string): string;
  /** `npm run synth` in the project, writing to out(dir). */
  readonly ourSynthInto: (dir: string) => Command;
  /** The template's app command (`npx ts-node main.ts`) in its copy, writing to out(dir). */
  readonly templateAppInto: (dir: string) => Command;
}

/**
 * Runs `body` with a session whose commands preload `preloads` as well as
 * the peak-memory reporter; `name` heads its error message, if any.
 */
export function runSession(name: string, preloads: readonly string[], body: (session: Session) => void): void {
  try {
    const runs = parseRuns(process.argv.slice(2));
    inScratchDirectory(projectRoot, (work) => {
      console.log(`Machine: ${describeMachine()}`);
      const template = join(work, "template");
      mkdirSync(template);
      writeTemplateProject(projectRoot, template);
      mkdirSync(join(work, "out"));
      const out = (dir: string) => join(work, "out", dir);
      const app = templateAppCommand(join(projectRoot, "node_modules"));
      // CDKTF_OUTDIR keeps our output out of the project.
      const synthInto = (label: string, argv: string[], cwd: string) => (dir: string) => ({ label, argv, cwd, env: { CDKTF_OUTDIR: out(dir) } });
      body({
        runs,
        work,
        template,
        env: shellEnvironment(process.env, [processStatsPreload, ...preloads]),
        out,
        ourSynthInto: synthInto("`npm run synth` (ours)", ["npm", "run", "synth"], projectRoot),
        templateAppInto: synthInto(`\`${app}\` (template app)`, app.split(/\s+/), template),
      });
    });
  } catch (error) {
    process.stderr.write(`npm run ${name} failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
