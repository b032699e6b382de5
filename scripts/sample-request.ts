// The prediction check after a deploy: one committed request (the build
// context's sample-request.json) sent to the model, whose answer must have the
// expected status and fields. GET /docs answering proves the server started; only
// a prediction proves the model answers: a model that loads but fails every
// prediction with 500 passes the first and fails this one.
import { readFileSync } from "fs";
import { SmokeTestError, describeFailure, targetUrl } from "./smoke-test";

/** A request the model must answer, as sample-request.json writes it. */
export interface SampleRequest {
  /** Path on the server, such as /predict (MLEM) or /classify (a BentoML service's API name). */
  readonly path: string;
  readonly method: "GET" | "POST";
  /** JSON body of a POST. */
  readonly body?: unknown;
  /** Status the answer must have. */
  readonly status: number;
  /** Top-level fields a JSON object answer must have; left out, any JSON answer passes. */
  readonly fields?: readonly string[];
}

const FORM = '{"path": "/predict", "method": "POST", "body": {...}, "status": 200, "fields": ["predictions"]}';

/** Reads and checks `file`; the error names the file, the key, its value and the expected form. */
export function readSampleRequest(file: string): SampleRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SmokeTestError(`sample request ${file} could not be read as JSON: ${(error as Error).message}; expected ${FORM}`);
  }
  const bad = (key: string, value: unknown, expected: string) =>
    new SmokeTestError(`sample request ${file}: ${key} is ${JSON.stringify(value)}: expected ${expected}`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("the document", raw, `an object such as ${FORM}`);
  const { path, method, body, status, fields, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw bad(unknown[0], rest[unknown[0]], "no other keys than path, method, body, status and fields");
  if (typeof path !== "string" || !/^\/[A-Za-z0-9._~\/-]*$/.test(path)) throw bad("path", path, "an absolute URL path such as /predict");
  if (method !== "GET" && method !== "POST") throw bad("method", method, "GET or POST");
  if (method === "GET" && body !== undefined) throw bad("body", body, "no body with GET");
  if (method === "POST" && body === undefined) throw bad("body", body, "the JSON body the model takes, such as {\"data\": [[5.1, 3.5, 1.4, 0.2]]}");
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) throw bad("status", status, "an HTTP status from 100 to 599, such as 200");
  if (fields !== undefined && (!Array.isArray(fields) || !fields.every((field) => typeof field === "string" && field !== ""))) {
    throw bad("fields", fields, 'a list of field names such as ["predictions"]');
  }
  return { path, method, body, status, fields: fields as string[] | undefined };
}

/** Sends `sample` to the server at `baseUrl` once; resolves with a line saying how it passed, rejects with what came back. */
export async function checkSample(baseUrl: string, sample: SampleRequest, timeoutMs: number): Promise<string> {
  const url = targetUrl(baseUrl, sample.path);
  const request = `${sample.method} ${url}${sample.body === undefined ? "" : ` with ${excerpt(JSON.stringify(sample.body))}`}`;
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method: sample.method,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: sample.body === undefined ? {} : { "content-type": "application/json" },
      body: sample.body === undefined ? undefined : JSON.stringify(sample.body),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new SmokeTestError(`${request}: ${describeFailure(error as Error, timeoutMs)}`);
  }
  const answered = `answered ${status}: ${excerpt(text)}`;
  if (status !== sample.status) throw new SmokeTestError(`${request} ${answered}; expected status ${sample.status}`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new SmokeTestError(`${request} ${answered}; expected a JSON answer`);
  }
  const missing = (sample.fields ?? []).filter(
    (field) => typeof answer !== "object" || answer === null || Array.isArray(answer) || !(field in answer),
  );
  if (missing.length > 0) throw new SmokeTestError(`${request} ${answered}; expected a JSON object with the field(s) ${missing.join(", ")}`);
  return `${sample.method} ${url} answered ${status}${sample.fields?.length ? ` with ${sample.fields.join(", ")}` : ""}`;
}

/** The start of a long text, on one line, for a message. */
function excerpt(text: string, most = 300): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= most ? line : `${line.slice(0, most)}... (${line.length} characters)`;
}
