// The sample model server under the pod's security settings (stacks/workload.ts):
// its image's user, and the real server (Debian's FastAPI, as in
// model-server.test.ts) run as that user with the root filesystem read-only
// and only /tmp writable, as the Deployment runs it. The sandbox is a mount
// namespace (unshare, setpriv from util-linux), which needs root; where it
// cannot be made the run is skipped and says so.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { join } from "path";
import { checkSample, readSampleRequest } from "../scripts/sample-request";
import { smokeTest } from "../scripts/smoke-test";
import { SCRATCH, SERVER_USER } from "../stacks/workload";
import { freePort, root } from "./support";

const PYTHON = "/usr/bin/python3";
const serverDir = join(root, "model-server");
/**
 * Where the sandboxed server reads its files, as the image's WORKDIR: a copy
 * readable by every user, outside SCRATCH.path. The sandbox mounts a fresh
 * tmpfs over SCRATCH.path (/tmp), which would hide a checkout that lives
 * under it (a CI clone in /tmp, say) from the server.
 */
function imageCopy(): string {
  const dir = mkdtempSync(join("/var/tmp", "model-server-"));
  cpSync(serverDir, dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}
// Far from any answer on loopback, even on a loaded machine: no assertion depends on speed.
const PATIENT = 60_000;

/** A shell command that runs `command` as the pod would: read-only root, a fresh writable SCRATCH.path, SERVER_USER. */
function asThePod(command: string): string[] {
  const ids = `--reuid=${SERVER_USER} --regid=${SERVER_USER} --clear-groups`;
  return ["-m", "sh", "-c", `mount --bind / / && mount -o remount,bind,ro / && mount -t tmpfs -o size=${SCRATCH.size.replace("Mi", "m")} tmpfs ${SCRATCH.path} && exec setpriv ${ids} ${command}`];
}

const missing = (() => {
  if (spawnSync(PYTHON, ["-c", "import fastapi, uvicorn"]).status !== 0) return "needs Debian's python3-fastapi and python3-uvicorn (.ci/run installs them)";
  const probe = spawnSync("unshare", asThePod("true"), { encoding: "utf8" });
  return probe.status === 0 ? undefined : `cannot make a read-only mount namespace here (unshare -m as root): ${probe.stderr.trim() || probe.error?.message}`;
})();

describe("the sample model server's image", () => {
  it("runs as the pod's non-root user, by number (runAsNonRoot cannot check a name)", () => {
    const users = readFileSync(join(serverDir, "Dockerfile"), "utf8").match(/^USER .*$/gm) ?? [];
    assert.deepEqual(users.slice(-1), [`USER ${SERVER_USER}:${SERVER_USER}`]);
    assert.notEqual(SERVER_USER, 0);
  });
});

describe("the sample model server as the pod runs it: its user, a read-only root, only /tmp writable", { skip: missing }, () => {
  let server: ChildProcess;
  let url: string;
  let output = "";
  let appDir: string;

  before(async () => {
    appDir = imageCopy();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn("unshare", asThePod(`${PYTHON} -B -m uvicorn --app-dir ${appDir} app:app --host 127.0.0.1 --port ${port}`), {
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => (output += chunk));
    server.stderr?.on("data", (chunk) => (output += chunk));
    await smokeTest(url, { path: "/docs", attempts: 600, delayMs: 100, timeoutMs: PATIENT }).catch((error) => {
      throw new Error(`${(error as Error).message}\nserver output:\n${output}`);
    });
  });
  after(() => {
    server?.kill();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it("is sandboxed as said: the user, a root it cannot write, a /tmp it can", () => {
    const check = spawnSync("unshare", asThePod(`${PYTHON} -c "import os, tempfile; print(os.getuid(), os.getgid()); tempfile.TemporaryFile().write(b'x'); open('${appDir}/written', 'w')"`), {
      encoding: "utf8",
    });
    assert.equal(check.stdout.trim(), `${SERVER_USER} ${SERVER_USER}`);
    assert.ok(check.stderr.includes(`OSError: [Errno 30] Read-only file system: '${appDir}/written'`), check.stderr);
  });

  it("starts, and answers the committed sample request", async () => {
    assert.equal(await checkSample(url, readSampleRequest(join(serverDir, "sample-request.json")), PATIENT), `POST ${url}/predict answered 200 with predictions`);
    assert.doesNotMatch(output, /Read-only file system|Permission denied/);
  });
});
