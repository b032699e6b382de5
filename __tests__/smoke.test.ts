// The post-deploy smoke test against real HTTP servers on 127.0.0.1. Every
// wait is bounded. No assertion depends on speed: a server that answers gets
// a timeout (60 s) far beyond any loopback answer, even on a loaded machine;
// only the server that never answers meets its short timeout, which it would
// meet whatever the timeout.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { createServer, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { join } from "path";
import { SmokeOptions, SmokeTestError, smokeTest, targetUrl } from "../scripts/smoke-test";
import { root } from "./support";

const FAST: SmokeOptions = { path: "/docs", attempts: 3, delayMs: 20, timeoutMs: 60_000 };

/** A server answering each request with `answer(n, response)`, n counting from 1; closed when the file ends. */
async function serve(answer: (n: number, response: ServerResponse) => void): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    answer(requests.length, response);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return `http://127.0.0.1:${port}`;
}

function status(code: number) {
  return (_n: number, response: ServerResponse) => {
    response.writeHead(code, { "content-type": "text/html" });
    response.end("<html></html>");
  };
}

describe("smoke test", () => {
  it("passes when GET /docs answers 200", async () => {
    const server = await serve(status(200));
    assert.equal(await smokeTest(server.url, FAST), `GET ${server.url}/docs answered 200 (attempt 1 of 3)`);
    assert.deepEqual(server.requests, ["GET /docs"]);
  });

  it("retries until the server answers 200, as a fresh load balancer does", async () => {
    const server = await serve((n, response) => status(n < 3 ? 502 : 200)(n, response));
    const seen: string[] = [];
    assert.match(await smokeTest(server.url, { ...FAST, log: (line) => seen.push(line) }), /answered 200 \(attempt 3 of 3\)$/);
    assert.deepEqual(seen, [`GET ${server.url}/docs: answered 502 Bad Gateway (attempt 1 of 3)`, `GET ${server.url}/docs: answered 502 Bad Gateway (attempt 2 of 3)`]);
  });

  it("fails on 404, naming the URL and the answer, after the bounded attempts", async () => {
    const server = await serve(status(404));
    await assert.rejects(smokeTest(server.url, FAST), (error: Error) => {
      assert.ok(error instanceof SmokeTestError);
      assert.equal(error.message, `GET ${server.url}/docs never answered 200 in 3 attempt(s); last: answered 404 Not Found`);
      return true;
    });
    assert.equal(server.requests.length, 3);
  });

  it("does not follow a redirect: /docs itself must answer", async () => {
    const server = await serve((_n, response) => {
      response.writeHead(307, { location: "/docs/" });
      response.end();
    });
    await assert.rejects(smokeTest(server.url, { ...FAST, attempts: 1 }), /last: answered 307 Temporary Redirect$/);
  });

  it("fails when the connection is refused", async () => {
    const url = await closedPort();
    await assert.rejects(smokeTest(url, FAST), { message: `GET ${url}/docs never answered 200 in 3 attempt(s); last: connection refused` });
  });

  it("fails when the server accepts the connection but never answers, within the timeout", async () => {
    const server = await serve(() => undefined);
    await assert.rejects(smokeTest(server.url, { ...FAST, attempts: 2, timeoutMs: 150 }), {
      message: `GET ${server.url}/docs never answered 200 in 2 attempt(s); last: no answer within 150 ms`,
    });
    assert.equal(server.requests.length, 2);
  });

  it("asks under the base URL's path, so the canary's service-proxy path stays in front of the model's paths", () => {
    assert.equal(targetUrl("http://127.0.0.1:8001/api/v1/namespaces/live/services/m-canary:http/proxy", "/predict"), "http://127.0.0.1:8001/api/v1/namespaces/live/services/m-canary:http/proxy/predict");
    assert.equal(targetUrl("http://203.0.113.7:8080", "/docs"), "http://203.0.113.7:8080/docs");
    assert.equal(targetUrl("http://203.0.113.7:8080/", "/docs"), "http://203.0.113.7:8080/docs");
  });

  it("refuses a URL that is not http(s), and counts that are not whole numbers", async () => {
    await assert.rejects(smokeTest("203.0.113.7:8080", FAST), { message: 'url is "203.0.113.7:8080": expected an http(s) URL such as http://203.0.113.7:8080' });
    await assert.rejects(smokeTest("http://127.0.0.1:1", { ...FAST, attempts: 0 }), { message: "attempts is 0: expected a whole number of at least 1" });
  });

  it("runs as `npm run smoke`, with status 1 and one line naming the URL and what was seen", async () => {
    const url = await closedPort();
    const run = spawnSync(process.execPath, [join(root, "bin", "app.js"), "scripts/smoke", url, "--attempts", "2", "--delay-ms", "10", "--timeout-ms", "60000"], { encoding: "utf8" });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.split("\n").at(-2), `smoke: GET ${url}/docs never answered 200 in 2 attempt(s); last: connection refused`);
    const bad = spawnSync(process.execPath, [join(root, "bin", "app.js"), "scripts/smoke", url, "--attempts", "two"], { encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'smoke: --attempts is "two": expected a whole number\n');
  });
});
