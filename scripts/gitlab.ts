// The few GitLab REST calls (API v4) that keep one plan note per stack on a
// merge request: the Users API's `GET /user` (the token's own user) and the
// Notes API's merge-request notes (list, create, modify, delete). Node's
// global fetch, injectable so tests replay recorded exchanges.
//
// The job token (CI_JOB_TOKEN) cannot write notes: the Notes API is not among
// the endpoints it may call (docs.gitlab.com/ci/jobs/ci_job_token, "Job token
// access"). The note is written with a project access token (a bot user of
// the project, scope `api`, role Reporter), whose own notes are the only ones
// edited or deleted: a note is the pipeline's when its `author.id` is the
// token's user's `id`.
import { CommentThread, PostedComment } from "./comments";
import { callApi, Fetch } from "./api-call";

interface Note {
  readonly id: number;
  readonly body?: string;
  readonly author?: { readonly id?: number; readonly username?: string } | null;
}

export interface GitLabUser {
  readonly id: number;
  readonly username: string;
}

/** A GitLab API call that did not succeed: names the call, the status and GitLab's message. */
export class GitLabError extends Error {}

export class GitLabClient {
  /**
   * @param apiUrl CI_API_V4_URL, such as https://gitlab.com/api/v4
   * @param project the merge request's project: CI_MERGE_REQUEST_PROJECT_ID
   */
  constructor(
    private readonly token: string,
    private readonly apiUrl: string,
    private readonly project: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {
    if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?\/api\/v4$/.test(apiUrl)) {
      throw new GitLabError(`CI_API_V4_URL is ${JSON.stringify(apiUrl)}: expected the API's URL, such as https://gitlab.com/api/v4`);
    }
    if (!/^\d+$/.test(project)) throw new GitLabError(`CI_MERGE_REQUEST_PROJECT_ID is ${JSON.stringify(project)}: expected the project's numeric id`);
  }

  /** The token's own user (`GET /user`). */
  async currentUser(): Promise<GitLabUser> {
    const user = (await (await this.call("GET", `${this.apiUrl}/user`)).json()) as Partial<GitLabUser>;
    if (typeof user.id !== "number") throw new GitLabError(`GitLab API GET ${this.apiUrl}/user answered without a user id`);
    return { id: user.id, username: user.username ?? `user ${user.id}` };
  }

  private notesUrl(mergeRequest: number): string {
    return `${this.apiUrl}/projects/${this.project}/merge_requests/${mergeRequest}/notes`;
  }

  /** Every note of a merge request, oldest first, following GitLab's pagination (`x-next-page`). */
  async listNotes(mergeRequest: number): Promise<Note[]> {
    const notes: Note[] = [];
    let page: string | null = "1";
    while (page) {
      const response = await this.call("GET", `${this.notesUrl(mergeRequest)}?sort=asc&order_by=created_at&per_page=100&page=${page}`);
      notes.push(...((await response.json()) as Note[]));
      page = response.headers.get("x-next-page") || null;
    }
    return notes;
  }

  async createNote(mergeRequest: number, body: string): Promise<Note> {
    return (await (await this.call("POST", this.notesUrl(mergeRequest), { body })).json()) as Note;
  }

  async updateNote(mergeRequest: number, id: number, body: string): Promise<Note> {
    return (await (await this.call("PUT", `${this.notesUrl(mergeRequest)}/${id}`, { body })).json()) as Note;
  }

  async deleteNote(mergeRequest: number, id: number): Promise<void> {
    await this.call("DELETE", `${this.notesUrl(mergeRequest)}/${id}`);
  }

  private async call(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await callApi(this.fetchImpl, method, url, { Accept: "application/json", "PRIVATE-TOKEN": this.token }, body);
    if (response instanceof Response) return response;
    const { status, message } = response;
    const hint =
      status === 401 || status === 403
        ? " (GITLAB_NOTE_TOKEN must be a project access token with scope api and at least the Reporter role)"
        : "";
    throw new GitLabError(`GitLab API ${method} ${url} answered ${status}: ${message}${hint}`);
  }
}

/** One merge request's notes; the pipeline's own are those of the token's user. */
export class GitLabThread implements CommentThread {
  readonly kind = "GitLab note";
  readonly identity: string;

  /** @param projectUrl CI_MERGE_REQUEST_PROJECT_URL, for links in the job output */
  constructor(
    private readonly client: GitLabClient,
    private readonly mergeRequest: number,
    private readonly self: GitLabUser,
    private readonly projectUrl?: string,
  ) {
    this.identity = `${self.username} (the user of GITLAB_NOTE_TOKEN)`;
  }

  private posted(note: Note): PostedComment {
    const author = note.author?.username ?? `user ${note.author?.id ?? "(unknown)"}`;
    return {
      id: note.id,
      body: note.body ?? "",
      author,
      own: note.author?.id === this.self.id,
      url: this.projectUrl ? `${this.projectUrl}/-/merge_requests/${this.mergeRequest}#note_${note.id}` : undefined,
    };
  }

  async list(): Promise<PostedComment[]> {
    return (await this.client.listNotes(this.mergeRequest)).map((note) => this.posted(note));
  }

  async create(body: string): Promise<PostedComment> {
    return this.posted(await this.client.createNote(this.mergeRequest, body));
  }

  async update(id: number, body: string): Promise<PostedComment> {
    return this.posted(await this.client.updateNote(this.mergeRequest, id, body));
  }

  remove(id: number): Promise<void> {
    return this.client.deleteNote(this.mergeRequest, id);
  }
}
