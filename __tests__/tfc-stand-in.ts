// A small stand-in of HCP Terraform's API on loopback, holding one
// organization in memory: the endpoints bootstrap/terraform-cloud.ts calls,
// with the shapes of https://developer.hashicorp.com/terraform/cloud-docs/api-docs
// (workspaces, workspace-variables, remote-state-consumers, teams,
// team-access, team-tokens with several tokens a team). Anything else
// answers 404, a wrong token 401.
// It records every request, and can fail the Nth change to test a resume.
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";

interface Workspace { id: string; attributes: Record<string, unknown>; consumers: Set<string> }
interface Variable { id: string; workspace: string; attributes: Record<string, unknown> }
interface Team { id: string; name: string; tokens: { id: string; description: string; token: string }[] }
interface Access { id: string; workspace: string; team: string; access: string }

export class TerraformCloudStandIn {
  readonly token = "stand-in-user-token";
  readonly workspaces = new Map<string, Workspace>(); // by name
  readonly variables: Variable[] = [];
  readonly teams: Team[] = [];
  readonly access: Access[] = [];
  /** Every request as "METHOD path". */
  readonly requests: string[] = [];
  /** The number of changes (POST, PATCH, DELETE) after which every change answers 503; Infinity: never. */
  failChangesAfter = Infinity;
  private changes = 0;
  private nextId = 1;
  private server?: Server;

  constructor(readonly organization: string) {}

  /** Starts listening on 127.0.0.1; returns the API's base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v2`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests that changed something. */
  get changeRequests(): string[] {
    return this.requests.filter((line) => !line.startsWith("GET "));
  }

  private id(prefix: string): string {
    return `${prefix}-${String(this.nextId++).padStart(16, "0")}`;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const url = new URL(req.url!, "http://stand-in");
      this.requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, payload?: unknown) => {
        res.writeHead(status, { "Content-Type": "application/vnd.api+json" });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { errors: [{ status: "401", title: "unauthorized" }] });
      if (req.headers["content-type"] !== "application/vnd.api+json") return send(415, { errors: [{ title: "expected application/vnd.api+json" }] });
      if (req.method !== "GET" && ++this.changes > this.failChangesAfter) return send(503, { errors: [{ title: "service unavailable" }] });
      try {
        const answer = this.route(req.method!, url, body === "" ? undefined : JSON.parse(body));
        if (answer === undefined) return send(404, { errors: [{ status: "404", title: "not found" }] });
        send(answer[0], answer[1]);
      } catch (error) {
        send(422, { errors: [{ status: "422", detail: (error as Error).message }] });
      }
    });
  }

  private workspaceById(id: string): Workspace | undefined {
    return [...this.workspaces.values()].find((w) => w.id === id);
  }

  private route(method: string, url: URL, body: any): [number, unknown?] | undefined {
    const path = url.pathname.replace(/^\/api\/v2/, "");
    const org = `/organizations/${encodeURIComponent(this.organization)}`;
    const workspaceJson = (w: Workspace) => ({ id: w.id, type: "workspaces", attributes: w.attributes });
    let m: RegExpExecArray | null;

    if ((m = new RegExp(`^${org}/workspaces/([^/]+)$`).exec(path)) && method === "GET") {
      const w = this.workspaces.get(decodeURIComponent(m[1]));
      return w ? [200, { data: workspaceJson(w) }] : undefined;
    }
    if (path === `${org}/workspaces` && method === "POST") {
      const attributes = body.data.attributes;
      if (this.workspaces.has(attributes.name)) throw new Error("Name has already been taken");
      const w: Workspace = { id: this.id("ws"), attributes: { "execution-mode": "remote", "global-remote-state": false, ...attributes }, consumers: new Set() };
      this.workspaces.set(attributes.name, w);
      return [201, { data: workspaceJson(w) }];
    }
    if ((m = /^\/workspaces\/(ws-\w+)$/.exec(path)) && method === "PATCH") {
      const w = this.workspaceById(m[1]);
      if (!w) return undefined;
      Object.assign(w.attributes, body.data.attributes);
      return [200, { data: workspaceJson(w) }];
    }
    if ((m = /^\/workspaces\/(ws-\w+)\/relationships\/remote-state-consumers$/.exec(path))) {
      const w = this.workspaceById(m[1]);
      if (!w) return undefined;
      if (method === "GET") return [200, { data: [...w.consumers].map((id) => workspaceJson(this.workspaceById(id)!)) }];
      for (const { id } of body.data) {
        if (!this.workspaceById(id)) throw new Error(`no workspace ${id}`);
        if (method === "POST") w.consumers.add(id);
        if (method === "DELETE") w.consumers.delete(id);
      }
      return [204];
    }
    if ((m = /^\/workspaces\/(ws-\w+)\/vars(?:\/(var-\w+))?$/.exec(path))) {
      if (!this.workspaceById(m[1])) return undefined;
      const json = (v: Variable) => ({ id: v.id, type: "vars", attributes: { ...v.attributes, value: v.attributes.sensitive ? null : v.attributes.value } });
      if (method === "GET" && !m[2]) return [200, { data: this.variables.filter((v) => v.workspace === m![1]).map(json) }];
      if (method === "POST" && !m[2]) {
        const v: Variable = { id: this.id("var"), workspace: m[1], attributes: body.data.attributes };
        if (this.variables.some((o) => o.workspace === v.workspace && o.attributes.key === v.attributes.key && o.attributes.category === v.attributes.category)) {
          throw new Error("Key has already been taken");
        }
        this.variables.push(v);
        return [201, { data: json(v) }];
      }
      const index = this.variables.findIndex((v) => v.id === m![2] && v.workspace === m![1]);
      if (index < 0) return undefined;
      if (method === "PATCH") {
        Object.assign(this.variables[index].attributes, body.data.attributes);
        return [200, { data: json(this.variables[index]) }];
      }
      if (method === "DELETE") {
        this.variables.splice(index, 1);
        return [204];
      }
      return undefined;
    }
    if (path === `${org}/teams`) {
      const teamJson = (t: Team) => ({ id: t.id, type: "teams", attributes: { name: t.name } });
      if (method === "GET") {
        const names = url.searchParams.get("filter[names]")?.split(",");
        return [200, { data: this.teams.filter((t) => !names || names.includes(t.name)).map(teamJson) }];
      }
      if (method === "POST") {
        if (this.teams.some((t) => t.name === body.data.attributes.name)) throw new Error("Name has already been taken");
        const t: Team = { id: this.id("team"), name: body.data.attributes.name, tokens: [] };
        this.teams.push(t);
        return [201, { data: teamJson(t) }];
      }
    }
    if ((m = /^\/teams\/(team-\w+)\/authentication-tokens$/.exec(path))) {
      const t = this.teams.find((team) => team.id === m![1]);
      if (!t) return undefined;
      const json = (token: Team["tokens"][number], secret: string | null) => ({ id: token.id, type: "authentication-tokens", attributes: { description: token.description, token: secret } });
      if (method === "GET") return [200, { data: t.tokens.map((token) => json(token, null)) }];
      if (method === "POST") {
        const description = body.data.attributes.description;
        if (t.tokens.some((token) => token.description === description)) throw new Error("Description has already been taken");
        const token = { id: this.id("at"), description, token: `team-token-${this.nextId++}` };
        t.tokens.push(token);
        return [201, { data: json(token, token.token) }];
      }
    }
    if ((m = /^\/authentication-tokens\/(at-\w+)$/.exec(path)) && method === "DELETE") {
      const t = this.teams.find((team) => team.tokens.some((token) => token.id === m![1]));
      if (!t) return undefined;
      t.tokens = t.tokens.filter((token) => token.id !== m![1]);
      return [204];
    }
    const accessJson = (a: Access) => ({
      id: a.id,
      type: "team-workspaces",
      attributes: { access: a.access },
      relationships: { team: { data: { id: a.team, type: "teams" } }, workspace: { data: { id: a.workspace, type: "workspaces" } } },
    });
    if (path === "/team-workspaces" && method === "GET") {
      const workspace = url.searchParams.get("filter[workspace][id]");
      if (!workspace) throw new Error("filter[workspace][id] is required");
      return [200, { data: this.access.filter((a) => a.workspace === workspace).map(accessJson) }];
    }
    if (path === "/team-workspaces" && method === "POST") {
      const { attributes, relationships } = body.data;
      const a: Access = { id: this.id("tws"), workspace: relationships.workspace.data.id, team: relationships.team.data.id, access: attributes.access };
      if (this.access.some((o) => o.workspace === a.workspace && o.team === a.team)) throw new Error("Team has already been taken");
      this.access.push(a);
      return [201, { data: accessJson(a) }];
    }
    if ((m = /^\/team-workspaces\/(tws-\w+)$/.exec(path)) && (method === "PATCH" || method === "DELETE")) {
      const a = this.access.find((o) => o.id === m![1]);
      if (!a) return undefined;
      if (method === "DELETE") {
        this.access.splice(this.access.indexOf(a), 1);
        return [204];
      }
      a.access = body.data.attributes.access;
      return [200, { data: accessJson(a) }];
    }
    return undefined;
  }
}
