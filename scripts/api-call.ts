// One JSON call to a code host's REST API (GitHub, GitLab), shared by the
// comment and note clients: the same body encoding, the same bound on a hung
// call, and the API's own message when it refuses.

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** What a refused call said: the API's `message` (or `error`), else the text as it came. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
}

/** Sends `body` as JSON; resolves to the response when it is 2xx, else to what the API said. */
export async function callApi(fetchImpl: Fetch, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Response | Refusal> {
  const response = await fetchImpl(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A hung API call would otherwise hold the job until its own timeout.
    signal: AbortSignal.timeout(30_000),
  });
  if (response.ok) return response;
  const text = await response.text();
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    message = typeof parsed.message === "string" ? parsed.message : JSON.stringify(parsed.message ?? parsed.error ?? parsed);
  } catch {
    // Not JSON (a proxy's error page, say): show the text as it came.
  }
  return { status: response.status, message };
}
