// `npx cdktf synth|diff|deploy` runs terraform in a pseudoterminal from the
// module @cdktf/node-pty-prebuilt-multiarch, which its bundle requires at
// start (node_modules/cdktf-cli/bundle/bin/cmds/handlers.js). cdktf's own
// package ships binaries up to ABI 127 (Node 22), so on Node 24 every cdktf
// command died with "Cannot find module '../build/Release/pty.node'".
// package.json puts @lydell/node-pty (node-pty 1.1 with Node-API binaries,
// which load on any Node) under that name. These tests load it the way the
// CLI does, on the Node that runs them (CI: Node 24).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { createRequire } from "module";
import { join } from "path";
import { root } from "./support";

const cliBundle = join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cmds", "handlers.js");
const requireFromCli = createRequire(cliBundle);
const PTY = "@cdktf/node-pty-prebuilt-multiarch";

interface Pty {
  spawn(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): {
    onData(listener: (data: string) => void): void;
    onExit(listener: (event: { exitCode: number }) => void): void;
    write(data: string): void;
  };
}

describe("the cdktf CLI's pseudoterminal", () => {
  it("is the Node-API build that package.json names, as the CLI's bundle resolves it", () => {
    const manifest = JSON.parse(readFileSync(requireFromCli.resolve(`${PTY}/package.json`), "utf8"));
    const wanted = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies[PTY];
    assert.equal(`npm:${manifest.name}@${manifest.version}`, wanted);
  });

  it(`loads on Node ${process.versions.node} and runs a command as the CLI runs terraform: spawn, onData, write, onExit`, async () => {
    const pty = requireFromCli(PTY) as Pty;
    // The CLI answers terraform's approval prompt by writing to the terminal; the child echoes a line back.
    const script = "process.stdout.write('ready\\n'); process.stdin.once('data', (line) => { process.stdout.write('got ' + line.toString().trim()); process.exit(3); });";
    const child = pty.spawn(process.execPath, ["-e", script], { cwd: root, env: process.env });
    let output = "";
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    child.onData((data) => {
      output += data;
      if (data.includes("ready")) child.write("yes\r");
    });
    assert.equal(await exited, 3);
    assert.match(output, /got yes/);
  });
});
