// One plan comment per stack on a pull or merge request, kept up to date, on
// either platform: found by its hidden marker *and* its author. Anyone can
// post a comment that carries the marker; only the pipeline's own identity
// has its comments edited or deleted, so a planted one can neither be turned
// into a fake plan nor get the real one deleted as a "duplicate".
import { commentMarker } from "./plan-summary";

export interface PostedComment {
  readonly id: number;
  readonly body: string;
  /** Who wrote it, as the platform names them (a login, a username). */
  readonly author: string;
  /** Whether `author` is the identity the pipeline posts as. */
  readonly own: boolean;
  /** Where a person sees it; absent when the platform gives no link. */
  readonly url?: string;
}

/** The comments of one pull or merge request, as one platform's API keeps them. */
export interface CommentThread {
  /** "GitHub comment", "GitLab note": what the job output calls them. */
  readonly kind: string;
  /** The identity the pipeline posts as, and where it is set: what the job output names when another posted. */
  readonly identity: string;
  list(): Promise<PostedComment[]>;
  create(body: string): Promise<PostedComment>;
  update(id: number, body: string): Promise<PostedComment>;
  remove(id: number): Promise<void>;
}

export interface KeepResult {
  readonly action: "created" | "updated";
  readonly comment: PostedComment;
  /** Ids of the pipeline's own later duplicates, deleted (left by two runs that raced). */
  readonly deleted: number[];
  /** Comments that carry the stack's marker but that the pipeline did not write: never touched. */
  readonly leftAlone: PostedComment[];
}

/**
 * Updates the oldest of the pipeline's own comments of `stack`, or creates
 * one, and deletes the pipeline's own later duplicates. A created comment
 * whose author is not the pipeline's identity fails: the next run would not
 * find it, and would post another.
 */
export async function keepPlanComment(thread: CommentThread, stack: string, body: string): Promise<KeepResult> {
  const marker = commentMarker(stack);
  if (!body.startsWith(marker)) throw new Error(`the comment of stack ${stack} must start with its marker ${marker}`);
  // Starts with, not contains: a person quoting the marker is not the bot's comment.
  const marked = (await thread.list()).filter((comment) => comment.body.startsWith(marker));
  const leftAlone = marked.filter((comment) => !comment.own);
  const mine = marked.filter((comment) => comment.own).sort((a, b) => a.id - b.id);
  if (mine.length === 0) {
    const comment = await thread.create(body);
    if (!comment.own) {
      throw new Error(
        `the ${thread.kind} ${comment.url ?? comment.id} was posted as ${comment.author}, not as ${thread.identity}: the next run would not find it and would post another`,
      );
    }
    return { action: "created", comment, deleted: [], leftAlone };
  }
  const [oldest, ...duplicates] = mine;
  const comment = await thread.update(oldest.id, body);
  for (const duplicate of duplicates) await thread.remove(duplicate.id);
  return { action: "updated", comment, deleted: duplicates.map((duplicate) => duplicate.id), leftAlone };
}

/** What the job log says about a kept comment, the duplicates deleted and the comments left alone. */
export function describeKept(thread: CommentThread, stack: string, result: KeepResult): string {
  const lines = [`${result.action} ${thread.kind} ${result.comment.url ?? result.comment.id}`];
  if (result.deleted.length > 0) lines.push(`deleted the pipeline's duplicate ${thread.kind}s ${result.deleted.join(", ")}`);
  for (const other of result.leftAlone) {
    lines.push(
      `left alone ${thread.kind} ${other.url ?? other.id} by ${other.author}: it carries the marker of stack ${stack}, but the pipeline did not write it`,
    );
  }
  return lines.map((line) => `${line}\n`).join("");
}
