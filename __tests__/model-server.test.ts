// The sample model server (model-server/) run for real on 127.0.0.1 with
// Debian's python3-fastapi and python3-uvicorn (.ci/run installs them; the
// image pins other versions, so these tests check the interface, not the
// versions), and the prediction check a deploy runs against it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { writeFileSync } from "fs";
import { createServer, IncomingMessage, ServerResponse } from "http";
import { AddressInfo } from "net";
import { join } from "path";
import { checkSample, readSampleRequest, SampleRequest } from "../scripts/sample-request";
import { SmokeTestError, smokeTest } from "../scripts/smoke-test";
import { freePort, root, tempDir } from "./support";

/** Debian's Python, whose packages .ci/run installs (the PATH may hold another one). */
const PYTHON = "/usr/bin/python3";
const serverDir = join(root, "model-server");
const sampleFile = join(serverDir, "sample-request.json");
// Far from any answer on loopback, even on a loaded machine: no assertion depends on speed.
const PATIENT = 60_000;

const missing = (() => {
  const probe = spawnSync(PYTHON, ["-c", "import fastapi, uvicorn"], { encoding: "utf8" });
  return probe.status === 0 ? undefined : "needs Debian's python3-fastapi and python3-uvicorn (.ci/run installs them; CI fails without)";
})();

/** A Node server answering every request with `answer`; closed when the file ends. */
async function fakeServer(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(answer);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the sample model server", { skip: missing }, () => {
  let server: ChildProcess;
  let url: string;
  let output = "";

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // -B: no __pycache__ in the build context, whose every file is in the model digest.
    server = spawn(PYTHON, ["-B", "-m", "uvicorn", "--app-dir", serverDir, "app:app", "--host", "127.0.0.1", "--port", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => (output += chunk));
    server.stderr?.on("data", (chunk) => (output += chunk));
    // Start-up is polled as the deploy polls a new load balancer: bounded attempts, no timing asserted.
    await smokeTest(url, { path: "/docs", attempts: 600, delayMs: 100, timeoutMs: PATIENT }).catch((error) => {
      throw new Error(`${(error as Error).message}\nserver output:\n${output}`);
    });
  });
  after(() => server?.kill());

  it("answers the committed sample request as it says (POST /predict with predictions)", async () => {
    const sample = readSampleRequest(sampleFile);
    assert.equal(await checkSample(url, sample, PATIENT), `POST ${url}/predict answered 200 with predictions`);
  });

  it("predicts the species of two known flowers: a setosa and a virginica", async () => {
    const response = await fetch(`${url}/predict`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]] }),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { predictions: string[] }).predictions, ["setosa", "virginica"]);
  });

  it("refuses a row of the wrong width with 422, naming the features", async () => {
    const response = await fetch(`${url}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"data": [[5.1, 3.5]]}' });
    assert.equal(response.status, 422);
    assert.match(JSON.stringify(await response.json()), /data\[0\] has 2 values: expected 4 \(sepal_length_cm/);
  });

  it("publishes MLEM's paths: /docs, /openapi.json and /interface.json", async () => {
    for (const path of ["/docs", "/openapi.json", "/interface.json"]) {
      assert.equal((await fetch(`${url}${path}`)).status, 200, path);
    }
  });

  it("passes `npm run smoke -- <url> --sample model-server/sample-request.json`", () => {
    const run = spawnSync(process.execPath, [join(root, "bin", "app.js"), "scripts/smoke", url, "--sample", sampleFile, "--timeout-ms", String(PATIENT)], {
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^smoke test passed: GET .*\/docs answered 200 \(attempt 1 of 20\)\nprediction check passed: POST .*\/predict answered 200 with predictions\n$/);
  });
});

describe("prediction check", () => {
  const sample: SampleRequest = { path: "/predict", method: "POST", body: { data: [[1, 2, 3, 4]] }, status: 200, fields: ["predictions"] };

  it("fails a model that answers 500, naming the URL, the request and what came back", async () => {
    const url = await fakeServer((_request, response) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end("Internal Server Error");
    });
    await assert.rejects(checkSample(url, sample, PATIENT), (error: Error) => {
      assert.ok(error instanceof SmokeTestError);
      assert.equal(
        error.message,
        `POST ${url}/predict with {"data":[[1,2,3,4]]} answered 500: Internal Server Error; expected status 200`,
      );
      return true;
    });
  });

  it("fails an answer of the wrong shape: JSON without the expected field", async () => {
    const url = await fakeServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"result": [0]}');
    });
    await assert.rejects(checkSample(url, sample, PATIENT), {
      message: `POST ${url}/predict with {"data":[[1,2,3,4]]} answered 200: {"result": [0]}; expected a JSON object with the field(s) predictions`,
    });
  });

  it("fails an answer that is not JSON", async () => {
    const url = await fakeServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>ok</html>");
    });
    await assert.rejects(checkSample(url, sample, PATIENT), /answered 200: <html>ok<\/html>; expected a JSON answer$/);
  });

  it("sends the body as JSON with the method it names", async () => {
    const seen: string[] = [];
    const url = await fakeServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk)).on("end", () => {
        seen.push(`${request.method} ${request.url} ${request.headers["content-type"]} ${body}`);
        response.writeHead(200, { "content-type": "application/json" });
        response.end('{"predictions": ["setosa"]}');
      });
    });
    await checkSample(url, sample, PATIENT);
    assert.deepEqual(seen, ['POST /predict application/json {"data":[[1,2,3,4]]}']);
  });

  it("fails when nothing listens, naming the request", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await assert.rejects(checkSample(url, sample, PATIENT), { message: `POST ${url}/predict with {"data":[[1,2,3,4]]}: connection refused` });
  });

  it("refuses a bad sample file, naming the file, the key, the value and the expected form", () => {
    const dir = tempDir();
    const cases: [string, string][] = [
      ["not json", "could not be read as JSON"],
      ['["/predict"]', 'the document is ["/predict"]: expected an object'],
      ['{"path": "predict", "method": "POST", "body": {}, "status": 200}', 'path is "predict": expected an absolute URL path such as /predict'],
      ['{"path": "/predict", "method": "PUT", "body": {}, "status": 200}', 'method is "PUT": expected GET or POST'],
      ['{"path": "/predict", "method": "POST", "status": 200}', "body is undefined: expected the JSON body the model takes"],
      ['{"path": "/readyz", "method": "GET", "body": {}, "status": 200}', "body is {}: expected no body with GET"],
      ['{"path": "/predict", "method": "POST", "body": {}, "status": "200"}', 'status is "200": expected an HTTP status from 100 to 599'],
      ['{"path": "/predict", "method": "POST", "body": {}, "status": 200, "fields": "predictions"}', 'fields is "predictions": expected a list of field names'],
      ['{"path": "/predict", "method": "POST", "body": {}, "status": 200, "expect": 1}', "expect is 1: expected no other keys than path, method, body, status and fields"],
    ];
    for (const [index, [text, message]] of cases.entries()) {
      const file = join(dir, `sample-${index}.json`);
      writeFileSync(file, text);
      assert.throws(() => readSampleRequest(file), (error: Error) => {
        assert.ok(error instanceof SmokeTestError, text);
        assert.ok(error.message.startsWith(`sample request ${file}`), error.message);
        assert.ok(error.message.includes(message), `${error.message}\n  should include: ${message}`);
        return true;
      });
    }
  });
});
