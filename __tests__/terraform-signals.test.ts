// How terraform() treats SIGINT and SIGTERM around a run, with a stand-in
// `terraform` on PATH and an emitter in place of the process's signals, so a
// signal lands exactly between Terraform's exit and the caller's. Node emits a
// signal event with the signal's name as its argument; so does the emitter here.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "events";
import { chmodSync, writeFileSync } from "fs";
import { join } from "path";
import { terraform, TerraformInterrupted } from "../scripts/terraform";
import { tempDir } from "./support";

// Runs until interrupted, then stops as Terraform does: once, with status 1.
const STAND_IN = `#!/bin/sh
[ "$1" = version ] && exit 0
trap 'kill $!; echo "Interrupt received."; exit 1' INT
sleep 600 & wait
`;

function withStandIn(): string {
  const dir = tempDir("terraform-signals-");
  writeFileSync(join(dir, "terraform"), STAND_IN);
  chmodSync(join(dir, "terraform"), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
  return dir;
}

function stderrOf(action: () => void): string {
  const write = process.stderr.write;
  let text = "";
  process.stderr.write = ((chunk: string) => ((text += chunk), true)) as typeof process.stderr.write;
  try {
    action();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

describe("terraform() and the signals of a cancelled job", () => {
  const dir = withStandIn();

  it("after Terraform stopped on one signal, a later one is held, not left to kill the deploy before it says what Terraform left", async () => {
    const signals = new EventEmitter();
    const run = terraform(["apply"], dir, { signals });
    stderrOf(() => signals.emit("SIGINT", "SIGINT"));
    await assert.rejects(run, (error) => error instanceof TerraformInterrupted && error.signal === "SIGINT");
    // With no listener left, the process's default action for SIGTERM would end it at once (status 143).
    assert.deepEqual([signals.listenerCount("SIGINT"), signals.listenerCount("SIGTERM")], [1, 1]);
    assert.equal(
      stderrOf(() => signals.emit("SIGTERM", "SIGTERM")),
      "SIGTERM received: terraform apply has already stopped and released the lock; the deploy is ending\n",
    );
  });

  it("a run that ends on its own leaves no handler behind: signals keep their default action", async () => {
    const signals = new EventEmitter();
    assert.equal((await terraform(["version"], dir, { signals })).status, 0);
    assert.deepEqual([signals.listenerCount("SIGINT"), signals.listenerCount("SIGTERM")], [0, 0]);
  });
});
