// Replays recorded GitHub and GitLab API exchanges (fixtures/github/*.json,
// fixtures/gitlab/*.json), either as an injected fetch or as a real HTTP
// server on loopback, checking every request the code makes against the
// recording, in order, and that it carries the platform's token header.
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { createServer, IncomingMessage } from "http";
import { AddressInfo } from "net";
import { join } from "path";
import { Fetch } from "../scripts/api-call";
import { root } from "./support";

const GITHUB_API = "https://api.github.com";

interface Exchange {
  readonly request: { readonly method: string; readonly url: string; readonly body?: unknown };
  readonly response: { readonly status: number; readonly headers?: Record<string, string>; readonly body?: unknown };
}

export interface Recording {
  readonly description: string;
  /** "gitlab" for GitLab's API; GitHub's otherwise. */
  readonly platform?: "gitlab";
  /** The API origin the recorded URLs use; GitHub's by default. */
  readonly api?: string;
  readonly repository: string;
  readonly issue: number;
  /** GitLab: the project id and the merge request's number. */
  readonly project?: string;
  readonly mergeRequest?: number;
  readonly exchanges: Exchange[];
}

export function loadRecording(name: string, platform: "github" | "gitlab" = "github"): Recording {
  return JSON.parse(readFileSync(join(root, "__tests__", "fixtures", platform, `${name}.json`), "utf8"));
}

function checkToken(recording: Recording, headers: Record<string, string | undefined>, token: string): void {
  if (recording.platform === "gitlab") {
    assert.equal(headers["private-token"], token);
    assert.equal(headers.accept, "application/json");
    return;
  }
  assert.equal(headers.authorization, `Bearer ${token}`);
  assert.equal(headers.accept, "application/vnd.github+json");
  assert.equal(headers["x-github-api-version"], "2022-11-28");
}

/** `value` with "$BODY" replaced by `body` and the recorded API origin `from` by `origin`, at any depth. */
function substitute(value: unknown, body: string, from: string, origin: string): unknown {
  if (typeof value === "string") return value === "$BODY" ? body : value.split(from).join(origin);
  if (Array.isArray(value)) return value.map((item) => substitute(item, body, from, origin));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, body, from, origin)]));
  }
  return value;
}

interface Player {
  /** Checks one request against the next exchange; returns the answer to give. */
  answer(method: string, url: string, headers: Record<string, string | undefined>, body: string | undefined): Exchange["response"];
  /** Fails unless every exchange was played. */
  done(): void;
}

function player(recording: Recording, body: string, token: string, origin: string): Player {
  const exchanges = substitute(recording.exchanges, body, recording.api ?? GITHUB_API, origin) as Exchange[];
  let next = 0;
  return {
    answer(method, url, headers, sent) {
      const exchange = exchanges[next++];
      assert.ok(exchange, `unexpected request ${method} ${url}: the recording has ${exchanges.length} exchanges`);
      assert.equal(`${method} ${url}`, `${exchange.request.method} ${exchange.request.url}`, `request ${next}`);
      checkToken(recording, headers, token);
      assert.deepEqual(sent === undefined || sent === "" ? undefined : JSON.parse(sent), exchange.request.body, `body of request ${next}`);
      return exchange.response;
    },
    done() {
      assert.equal(next, exchanges.length, `${exchanges.length - next} recorded exchanges were not made`);
    },
  };
}

/** A fetch that plays the recording. */
export function replayFetch(recording: Recording, body: string, token: string): { fetch: Fetch; done(): void } {
  const play = player(recording, body, token, recording.api ?? GITHUB_API);
  const fetch: Fetch = async (url, init) => {
    const headers = Object.fromEntries(Object.entries(init.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const response = play.answer(init.method ?? "GET", url, headers, init.body as string | undefined);
    const payload = response.body === undefined ? null : JSON.stringify(response.body);
    return new Response(payload, { status: response.status, headers: response.headers });
  };
  return { fetch, done: () => play.done() };
}

/** A real HTTP server on 127.0.0.1 that plays the recording; `apiUrl` is its origin. */
export async function replayServer(recording: Recording, body: string, token: string) {
  const failures: unknown[] = [];
  let play: Player | undefined;
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      const answer = play!.answer(request.method!, `${origin}${request.url}`, request.headers as Record<string, string>, Buffer.concat(chunks).toString());
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    } catch (error) {
      failures.push(error);
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: `replay: ${(error as Error).message}` }));
    }
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  // GitLab's API lives under /api/v4: the replay's URL keeps the recorded path.
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${new URL(recording.api ?? GITHUB_API).pathname.replace(/\/$/, "")}`;
  const origin = apiUrl.replace(/^(http:\/\/[^/]+).*$/, "$1");
  play = player(recording, body, token, apiUrl);
  return {
    apiUrl,
    done() {
      if (failures.length > 0) throw failures[0];
      play!.done();
    },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
