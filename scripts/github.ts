// The few GitHub REST calls that keep one plan comment per stack on a pull
// request. Node's global fetch, injectable so tests replay recorded exchanges.
import { callApi, Fetch } from "./api-call";
import { CommentThread, PostedComment } from "./comments";

export interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly html_url: string;
  /** The comment's author (GitHub REST "Issue comments": `user`, a simple-user with `login` and `type`). */
  readonly user?: { readonly login?: string; readonly type?: string } | null;
}

/**
 * Who a workflow's GITHUB_TOKEN posts as. The token cannot ask (`GET /user`
 * answers 403 "Resource not accessible by integration"), but GitHub names
 * the author of what it writes the GitHub Actions app's bot user; a login
 * ending in "[bot]" belongs to a GitHub App and no person can take it.
 */
export const GITHUB_TOKEN_AUTHOR = "github-actions[bot]";

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
    const headers = { Accept: "application/vnd.github+json", Authorization: `Bearer ${this.token}`, "X-GitHub-Api-Version": "2022-11-28" };
    const response = await callApi(this.fetchImpl, method, url, headers, body);
    if (response instanceof Response) return response;
    const { status, message } = response;
    const hint =
      status === 403
        ? " (the token needs `pull-requests: write`; a pull request from a fork only ever gets a read-only token)"
        : "";
    throw new GitHubError(`GitHub API ${method} ${url} answered ${status}: ${message}${hint}`);
  }
}

/** The `rel="next"` URL of a Link header, if any. */
function nextPage(link: string | null): string | undefined {
  return link?.split(",").map((part) => /<([^>]+)>;\s*rel="next"/.exec(part)?.[1]).find((url) => url !== undefined);
}

/** One pull request's comments; the pipeline's own are those `author` wrote. */
export class GitHubThread implements CommentThread {
  readonly kind = "GitHub comment";
  readonly identity: string;

  /** @param author the login the token posts as: GITHUB_TOKEN_AUTHOR, or `<app-slug>[bot]` for a GitHub App's token */
  constructor(
    private readonly client: GitHubClient,
    private readonly issue: number,
    private readonly author = GITHUB_TOKEN_AUTHOR,
  ) {
    this.identity = `${author} (plan:comment --author)`;
  }

  private posted(comment: IssueComment): PostedComment {
    const login = comment.user?.login ?? "(unknown author)";
    return { id: comment.id, body: comment.body ?? "", author: login, own: login === this.author, url: comment.html_url };
  }

  async list(): Promise<PostedComment[]> {
    return (await this.client.listIssueComments(this.issue)).map((comment) => this.posted(comment));
  }

  async create(body: string): Promise<PostedComment> {
    return this.posted(await this.client.createIssueComment(this.issue, body));
  }

  async update(id: number, body: string): Promise<PostedComment> {
    return this.posted(await this.client.updateIssueComment(id, body));
  }

  remove(id: number): Promise<void> {
    return this.client.deleteIssueComment(id);
  }
}
