// The few GitHub REST calls that keep one plan comment per stack on a pull
// request. Node's global fetch, injectable so tests replay recorded exchanges.
import { commentMarker } from "./plan-summary";

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly html_url: string;
}

/** A GitHub API call that did not succeed: names the call, the status and GitHub's message. */
export class GitHubError extends Error {}

export class GitHubClient {
  /**
   * @param repository `owner/name`
   * @param apiUrl GITHUB_API_URL (differs on GitHub Enterprise Server)
   */
  constructor(
    private readonly token: string,
    private readonly repository: string,
    private readonly fetchImpl: Fetch = fetch,
    private readonly apiUrl = "https://api.github.com",
  ) {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
      throw new GitHubError(`repository is ${JSON.stringify(repository)}: expected owner/name`);
    }
  }

  /** Every comment of an issue or pull request, following GitHub's pagination. */
  async listIssueComments(issue: number): Promise<IssueComment[]> {
    const comments: IssueComment[] = [];
    let url: string | undefined = `${this.apiUrl}/repos/${this.repository}/issues/${issue}/comments?per_page=100`;
    while (url) {
      const response = await this.call("GET", url);
      comments.push(...((await response.json()) as IssueComment[]));
      url = nextPage(response.headers.get("link"));
    }
    return comments;
  }

  async createIssueComment(issue: number, body: string): Promise<IssueComment> {
    const response = await this.call("POST", `${this.apiUrl}/repos/${this.repository}/issues/${issue}/comments`, { body });
    return (await response.json()) as IssueComment;
  }

  async updateIssueComment(id: number, body: string): Promise<IssueComment> {
    const response = await this.call("PATCH", `${this.apiUrl}/repos/${this.repository}/issues/comments/${id}`, { body });
    return (await response.json()) as IssueComment;
  }

  async deleteIssueComment(id: number): Promise<void> {
    await this.call("DELETE", `${this.apiUrl}/repos/${this.repository}/issues/comments/${id}`);
  }

  private async call(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await this.fetchImpl(url, {
      method,
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${this.token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A hung API call would otherwise hold the job until its own timeout.
      signal: AbortSignal.timeout(30_000),
    });
    if (response.ok) return response;
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // Not JSON (a proxy's error page, say): show the text as it came.
    }
    const hint =
      response.status === 403
        ? " (the token needs `pull-requests: write`; a pull request from a fork only ever gets a read-only token)"
        : "";
    throw new GitHubError(`GitHub API ${method} ${url} answered ${response.status}: ${message}${hint}`);
  }
}

/** The `rel="next"` URL of a Link header, if any. */
function nextPage(link: string | null): string | undefined {
  return link?.split(",").map((part) => /<([^>]+)>;\s*rel="next"/.exec(part)?.[1]).find((url) => url !== undefined);
}

export interface UpsertResult {
  readonly action: "created" | "updated";
  readonly comment: IssueComment;
  /** Ids of duplicate comments of the same stack that were deleted. */
  readonly deleted: number[];
}

/**
 * Keeps exactly one comment of `stack` on the pull request: updates the
 * oldest comment that starts with the stack's marker, or creates one, and
 * deletes any later duplicate (left by two runs that raced).
 */
export async function upsertPlanComment(client: GitHubClient, issue: number, stack: string, body: string): Promise<UpsertResult> {
  const marker = commentMarker(stack);
  if (!body.startsWith(marker)) throw new Error(`the comment of stack ${stack} must start with its marker ${marker}`);
  // Starts with, not contains: a person quoting the marker is not the bot's comment.
  const mine = (await client.listIssueComments(issue)).filter((comment) => comment.body?.startsWith(marker));
  if (mine.length === 0) return { action: "created", comment: await client.createIssueComment(issue, body), deleted: [] };
  const [oldest, ...duplicates] = mine.sort((a, b) => a.id - b.id);
  const comment = await client.updateIssueComment(oldest.id, body);
  for (const duplicate of duplicates) await client.deleteIssueComment(duplicate.id);
  return { action: "updated", comment, deleted: duplicates.map((duplicate) => duplicate.id) };
}
