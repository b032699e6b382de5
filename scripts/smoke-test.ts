// The post-deploy check: the model server's public URL answers GET /docs with
// 200. A fresh LoadBalancer can take a minute to route after the rollout, so
// it retries, a bounded number of times, each attempt with its own timeout.

export interface SmokeOptions {
  /** Path asked on the server; FastAPI's docs page, which answers once the model is loaded. */
  readonly path: string;
  /** Attempts before giving up, at least 1. */
  readonly attempts: number;
  /** Wait between attempts, in milliseconds. */
  readonly delayMs: number;
  /** Longest wait for one answer, in milliseconds. */
  readonly timeoutMs: number;
  /** Told about each failed attempt. */
  readonly log?: (line: string) => void;
}

export const DEFAULT_SMOKE_OPTIONS: SmokeOptions = { path: "/docs", attempts: 20, delayMs: 10_000, timeoutMs: 10_000 };

/** The server never answered 200; the message names the URL and what each kind of attempt saw last. */
export class SmokeTestError extends Error {}

/** Resolves with a line saying how it passed; rejects with a SmokeTestError once every attempt failed. */
export async function smokeTest(baseUrl: string, options: SmokeOptions = DEFAULT_SMOKE_OPTIONS): Promise<string> {
  const url = targetUrl(baseUrl, options.path);
  for (const name of ["attempts", "delayMs", "timeoutMs"] as const) {
    const value = options[name];
    if (!Number.isInteger(value) || value < (name === "delayMs" ? 0 : 1)) {
      throw new SmokeTestError(`${name} is ${value}: expected a whole number of at least ${name === "delayMs" ? 0 : 1}`);
    }
  }
  let seen: string | undefined;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    seen = await problemWith(url, options.timeoutMs);
    if (seen === undefined) return `GET ${url} answered 200 (attempt ${attempt} of ${options.attempts})`;
    options.log?.(`GET ${url}: ${seen} (attempt ${attempt} of ${options.attempts})`);
    if (attempt < options.attempts) await new Promise((done) => setTimeout(done, options.delayMs));
  }
  throw new SmokeTestError(`GET ${url} never answered 200 in ${options.attempts} attempt(s); last: ${seen}`);
}

export function targetUrl(baseUrl: string, path: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new SmokeTestError(`url is ${JSON.stringify(baseUrl)}: expected an http(s) URL such as http://203.0.113.7:8080`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SmokeTestError(`url is ${JSON.stringify(baseUrl)}: expected an http(s) URL such as http://203.0.113.7:8080`);
  }
  // Under the base's path, not instead of it: the canary is reached at a
  // service-proxy path (scripts/canary-proxy.ts), its model's paths after it.
  return new URL(`${url.pathname.replace(/\/$/, "")}${path}`, url).href;
}

/** What was wrong with one GET, in words; undefined for a 200. */
async function problemWith(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    // Redirects are not followed: /docs itself must answer.
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200 ? undefined : `answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  } catch (error) {
    return describeFailure(error as Error, timeoutMs);
  }
}

export function describeFailure(error: Error, timeoutMs: number): string {
  if (error.name === "TimeoutError" || error.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  // Node's fetch reports network errors as "fetch failed" with the system error as cause.
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "connection closed without an answer";
    case "ENOTFOUND":
      return "host not found";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
  }
  return cause?.message ? `${error.message}: ${cause.message}` : error.message;
}

/** The command-line options of the smoke test, shared by `npm run smoke` and `npm run deploy:workload`. */
export const SMOKE_ARGUMENTS = {
  attempts: { type: "string" },
  "delay-ms": { type: "string" },
  "timeout-ms": { type: "string" },
  path: { type: "string" },
} as const;

type SmokeArgumentValues = { [K in keyof typeof SMOKE_ARGUMENTS]?: string };

/** SmokeOptions from the parsed command line, defaults for what is not given. */
export function smokeOptions(values: SmokeArgumentValues, log?: (line: string) => void): SmokeOptions {
  const wholeNumber = (flag: keyof SmokeArgumentValues, fallback: number): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new SmokeTestError(`--${flag} is ${JSON.stringify(raw)}: expected a whole number`);
    return Number(raw);
  };
  return {
    path: values.path ?? DEFAULT_SMOKE_OPTIONS.path,
    attempts: wholeNumber("attempts", DEFAULT_SMOKE_OPTIONS.attempts),
    delayMs: wholeNumber("delay-ms", DEFAULT_SMOKE_OPTIONS.delayMs),
    timeoutMs: wholeNumber("timeout-ms", DEFAULT_SMOKE_OPTIONS.timeoutMs),
    log,
  };
}
