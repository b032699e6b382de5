// A stand-in of the Cloud Storage JSON API on 127.0.0.1, just wide enough for
// Terraform's real `gcs` backend (terraform 1.11.4,
// internal/backend/remote-state/gcs/client.go): read an object (media and
// metadata), list objects, insert an object (with `ifGenerationMatch=0`, the
// lock file's "does not exist" precondition, client.go:105) and delete one
// (with the lock's generation, client.go:130). Objects live in memory.
//
// Terraform is pointed at it through GOOGLE_BACKEND_STORAGE_CUSTOM_ENDPOINT
// (backend.go:124-128, passed to option.WithEndpoint at backend.go:249-252)
// and signs in with a fake token through GOOGLE_OAUTH_ACCESS_TOKEN
// (backend.go:109-110, a static token source at backend.go:178-181), so no
// Application Default Credentials are looked up. Each token is an identity
// with a role: "viewer" may only read (as roles/storage.objectViewer), and is
// refused every write with Cloud Storage's 403; "admin" may also write (as
// roles/storage.objectAdmin). Every write attempt is counted, allowed or not.
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { createHash } from "crypto";
import { AddressInfo } from "net";

export type StorageRole = "viewer" | "admin";

export interface StorageIdentity {
  /** The principal Cloud Storage names in its errors, e.g. planner@project.iam.gserviceaccount.com. */
  readonly email: string;
  readonly role: StorageRole;
}

export interface StoredObject {
  readonly data: Buffer;
  readonly generation: number;
}

/** One write the API was asked for: who, what, and whether it was allowed. */
export interface WriteAttempt {
  readonly email: string;
  readonly method: "insert" | "delete";
  readonly object: string;
  readonly allowed: boolean;
}

export interface StorageStandIn {
  /** For GOOGLE_BACKEND_STORAGE_CUSTOM_ENDPOINT: the JSON API's base, http://127.0.0.1:<port>/storage/v1/. */
  readonly endpoint: string;
  /** Objects by "bucket/name". */
  readonly objects: Map<string, StoredObject>;
  /** Every insert and delete asked for, in order, refused ones included. */
  readonly writes: WriteAttempt[];
  /** Each request as "METHOD path", for a test that wants to see what Terraform called. */
  readonly requests: string[];
  /** Stores an object as an identity with write access would. */
  put(bucket: string, name: string, data: string | Buffer): void;
  /** Serves one more bucket, as after `gcloud storage buckets create` (the bootstrap's stand-in of gcloud). */
  addBucket(bucket: string): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(readonly code: number, message: string, readonly reason: string) {
    super(message);
  }
}

/** Starts the stand-in; `tokens` maps each bearer token to its identity. */
export async function startStorageStandIn(tokens: Record<string, StorageIdentity>, initialBuckets: readonly string[]): Promise<StorageStandIn> {
  const buckets = [...initialBuckets];
  const objects = new Map<string, StoredObject>();
  const writes: WriteAttempt[] = [];
  const requests: string[] = [];
  // Generations only need to grow; a counter keeps them independent of the clock.
  let lastGeneration = 1_700_000_000_000_000;
  const store = (key: string, data: Buffer): StoredObject => {
    const stored = { data, generation: ++lastGeneration };
    objects.set(key, stored);
    return stored;
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://stand-in");
      requests.push(`${request.method} ${url.pathname}`);
      try {
        const identity = signedIn(request, tokens);
        answer(request, response, url, Buffer.concat(chunks), identity);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        sendJson(response, error.code, {
          error: { code: error.code, message: error.message, errors: [{ message: error.message, domain: "global", reason: error.reason }] },
        });
      }
    });
  });

  function answer(request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer, identity: StorageIdentity): void {
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (request.method === "GET" && (match = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(path))) {
      return sendJson(response, 200, list(bucketOf(match[1]), url.searchParams));
    }
    if (request.method === "GET" && (match = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(path))) {
      const [bucket, name] = [bucketOf(match[1]), decodeURIComponent(match[2])];
      const stored = read(bucket, name);
      if (url.searchParams.get("alt") === "media") return sendMedia(response, stored);
      return sendJson(response, 200, metadata(bucket, name, stored));
    }
    if (request.method === "POST" && (match = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(path))) {
      const bucket = bucketOf(match[1]);
      const { name, data } = upload(request, url, body);
      authorize(identity, "insert", bucket, name, "storage.objects.create");
      precondition(bucket, name, url.searchParams.get("ifGenerationMatch"));
      return sendJson(response, 200, metadata(bucket, name, store(`${bucket}/${name}`, data)));
    }
    if (request.method === "DELETE" && (match = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(path))) {
      const [bucket, name] = [bucketOf(match[1]), decodeURIComponent(match[2])];
      authorize(identity, "delete", bucket, name, "storage.objects.delete");
      read(bucket, name);
      precondition(bucket, name, url.searchParams.get("ifGenerationMatch"));
      objects.delete(`${bucket}/${name}`);
      response.writeHead(204).end();
      return;
    }
    // The Go client reads object media through the XML API's path, /<bucket>/<object>, on the same host.
    if (request.method === "GET" && (match = /^\/([^/]+)\/(.+)$/.exec(path)) && buckets.includes(match[1])) {
      return sendMedia(response, read(match[1], decodeURIComponent(match[2])));
    }
    throw new ApiError(400, `the stand-in does not serve ${request.method} ${path}`, "invalid");
  }

  function bucketOf(name: string): string {
    if (!buckets.includes(name)) throw new ApiError(404, "The specified bucket does not exist.", "notFound");
    return name;
  }

  function read(bucket: string, name: string): StoredObject {
    const stored = objects.get(`${bucket}/${name}`);
    if (!stored) throw new ApiError(404, `No such object: ${bucket}/${name}`, "notFound");
    return stored;
  }

  function authorize(identity: StorageIdentity, method: WriteAttempt["method"], bucket: string, name: string, permission: string): void {
    const allowed = identity.role === "admin";
    writes.push({ email: identity.email, method, object: `${bucket}/${name}`, allowed });
    if (!allowed) {
      throw new ApiError(
        403,
        `${identity.email} does not have ${permission} access to the Google Cloud Storage object. Permission '${permission}' denied on resource (or it may not exist).`,
        "forbidden",
      );
    }
  }

  function precondition(bucket: string, name: string, expected: string | null): void {
    if (expected === null) return;
    const generation = objects.get(`${bucket}/${name}`)?.generation ?? 0;
    if (generation !== Number(expected)) throw new ApiError(412, "At least one of the pre-conditions you specified did not hold.", "conditionNotMet");
  }

  function list(bucket: string, query: URLSearchParams): object {
    const prefix = query.get("prefix") ?? "";
    const delimiter = query.get("delimiter") ?? "";
    const items: object[] = [];
    const prefixes = new Set<string>();
    for (const [key, stored] of [...objects].sort(([a], [b]) => a.localeCompare(b))) {
      const name = key.slice(bucket.length + 1);
      if (!key.startsWith(`${bucket}/`) || !name.startsWith(prefix)) continue;
      const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) prefixes.add(name.slice(0, cut + delimiter.length));
      else items.push(metadata(bucket, name, stored));
    }
    return { kind: "storage#objects", items, prefixes: [...prefixes] };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/storage/v1/`,
    objects,
    writes,
    requests,
    put: (bucket, name, data) => void store(`${bucket}/${name}`, Buffer.from(data)),
    addBucket: (bucket) => void (buckets.includes(bucket) || buckets.push(bucket)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function signedIn(request: IncomingMessage, tokens: Record<string, StorageIdentity>): StorageIdentity {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  const identity = token === undefined ? undefined : tokens[token];
  if (!identity) throw new ApiError(401, "Invalid Credentials", "authError");
  return identity;
}

/** The object of an upload: `uploadType=multipart` (JSON metadata, then the media) or `media` (name in the query). */
function upload(request: IncomingMessage, url: URL, body: Buffer): { name: string; data: Buffer } {
  const type = url.searchParams.get("uploadType");
  if (type === "media") return { name: required(url.searchParams.get("name")), data: body };
  if (type !== "multipart") throw new ApiError(400, `uploadType ${type} is not served by the stand-in: expected multipart or media`, "invalid");
  const boundary = /boundary=("?)([^";]+)\1/.exec(request.headers["content-type"] ?? "")?.[2];
  if (!boundary) throw new ApiError(400, "multipart upload without a boundary", "invalid");
  const parts = splitBuffer(body, Buffer.from(`--${boundary}`))
    .slice(1, -1)
    .map((part) => {
      const split = part.indexOf("\r\n\r\n");
      return part.subarray(split + 4, part.length - 2); // the part ends with CRLF before the next boundary
    });
  if (parts.length !== 2) throw new ApiError(400, `multipart upload has ${parts.length} parts: expected metadata and media`, "invalid");
  const metadata = JSON.parse(parts[0].toString("utf8"));
  return { name: required(metadata.name), data: parts[1] };
}

function required(name: string | null | undefined): string {
  if (!name) throw new ApiError(400, "Required object name", "required");
  return name;
}

function splitBuffer(buffer: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = buffer.indexOf(separator); at >= 0; at = buffer.indexOf(separator, start)) {
    pieces.push(buffer.subarray(start, at));
    start = at + separator.length;
  }
  pieces.push(buffer.subarray(start));
  return pieces;
}

function metadata(bucket: string, name: string, stored: StoredObject): object {
  return {
    kind: "storage#object",
    id: `${bucket}/${name}/${stored.generation}`,
    name,
    bucket,
    generation: String(stored.generation),
    metageneration: "1",
    size: String(stored.data.length),
    md5Hash: createHash("md5").update(stored.data).digest("base64"),
    contentType: "application/octet-stream",
  };
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
}

function sendMedia(response: ServerResponse, stored: StoredObject): void {
  response
    .writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(stored.data.length),
      "x-goog-generation": String(stored.generation),
      "x-goog-metageneration": "1",
    })
    .end(stored.data);
}
