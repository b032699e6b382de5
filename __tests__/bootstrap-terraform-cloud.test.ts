// Terraform Cloud set up by code (bootstrap/terraform-cloud.ts), against a
// stand-in of HCP Terraform's API on loopback: what a fresh organization
// gets, that a second run changes nothing, that the platform workspaces run
// remotely with per-phase Google accounts once identity exists, that drift is
// put back, that an interrupted run resumes, and every refusal.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "http";
import { AddressInfo } from "net";
import { spawnSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { GoogleIdentities, setUpTerraformCloud, stacksFromManifest, TerraformCloudError, TerraformCloudSetup, workspaceExecutionMode } from "../bootstrap/terraform-cloud";
import { keepStateInBucket, WORKSPACES_BUCKET } from "../bootstrap/offline";
import { CiPlatform } from "../bootstrap/ci";
import { tokenSecretsStep } from "../bootstrap/terraform-cloud-steps";
import { defaultContext, root, tempDir } from "./support";
import { TerraformCloudStandIn } from "../bootstrap/terraform-cloud-stand-in";

/** Who reads whose state, as the app synthesizes it. */
const manifest = JSON.parse(readFileSync(join(root, "__tests__", "synthesized", "manifest.json"), "utf8"));
const stacks = stacksFromManifest(manifest);

const google: GoogleIdentities = {
  workloadProviderName: "projects/123456789/locations/global/workloadIdentityPools/terraform-cloud/providers/terraform-cloud",
  plannerEmail: "mlops-planner@acme-ml.iam.gserviceaccount.com",
  adminEmail: "mlops-platform-admin@acme-ml.iam.gserviceaccount.com",
};

async function standIn(): Promise<{ api: TerraformCloudStandIn; baseUrl: string }> {
  const api = new TerraformCloudStandIn("acme-ml");
  const baseUrl = await api.start();
  after(() => api.stop());
  return { api, baseUrl };
}

function setup(extra: Partial<TerraformCloudSetup> = {}): TerraformCloudSetup {
  return { organization: "acme-ml", workspacePrefix: "mlops", stacks, ...extra };
}

/** The organization as a user sees it in HCP Terraform's UI. */
function snapshot(api: TerraformCloudStandIn) {
  const name = (id: string) => [...api.workspaces].find(([, w]) => w.id === id)![0];
  return {
    workspaces: Object.fromEntries(
      [...api.workspaces].map(([n, w]) => [n, { ...w.attributes, consumers: [...w.consumers].map(name).sort() } as Record<string, unknown>]),
    ),
    variables: api.variables.map((v) => `${name(v.workspace)} ${v.attributes.category} ${v.attributes.key}=${v.attributes.value}`).sort(),
    access: api.access.map((a) => `${api.teams.find((t) => t.id === a.team)!.name} ${a.access} ${name(a.workspace)}`).sort(),
    tokens: api.teams.flatMap((t) => t.tokens.map((token) => `${t.name} "${token.description}"`)).sort(),
  };
}

const credentialVariables = (workspace: string) => [
  `${workspace} env TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL=${google.adminEmail}`,
  `${workspace} env TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL=${google.plannerEmail}`,
  `${workspace} env TFC_GCP_PROVIDER_AUTH=true`,
  `${workspace} env TFC_GCP_WORKLOAD_PROVIDER_NAME=${google.workloadProviderName}`,
];

describe("Terraform Cloud set up by code", () => {
  it("gives a fresh organization a workspace per stack, state shared only with its readers, two CI teams and their tokens", async () => {
    const { api, baseUrl } = await standIn();
    const lines: string[] = [];
    const result = await setUpTerraformCloud(setup(), { baseUrl, token: api.token }, (line) => lines.push(line));
    const local = (consumers: string[]) => ({ "execution-mode": "local", "terraform-version": "1.11.4", "global-remote-state": false, name: undefined, consumers });
    const state = snapshot(api);
    const without = (w: Record<string, unknown>) => ({ ...w, name: undefined });
    assert.deepEqual(Object.fromEntries(Object.entries(state.workspaces).map(([n, w]) => [n, without(w)])), {
      "mlops-identity": local(["mlops-access", "mlops-cluster", "mlops-registry"]),
      "mlops-registry": local(["mlops-access", "mlops-workload"]),
      "mlops-cluster": local(["mlops-access", "mlops-workload"]),
      "mlops-access": local([]),
      "mlops-workload": local([]),
    });
    assert.deepEqual(state.variables, [], "no Google credentials before identity exists");
    assert.deepEqual(state.access, [
      "mlops-deployers read mlops-cluster",
      "mlops-deployers read mlops-registry",
      "mlops-deployers write mlops-workload",
      "mlops-planners plan mlops-access",
      "mlops-planners plan mlops-cluster",
      "mlops-planners plan mlops-identity",
      "mlops-planners plan mlops-registry",
      "mlops-planners plan mlops-workload",
    ]);
    const [planners, deployers] = ["mlops-planners", "mlops-deployers"].map((n) => api.teams.find((t) => t.name === n)!);
    assert.deepEqual(state.tokens, ['mlops-deployers "CI of mlops (TF_API_TOKEN)"', 'mlops-planners "CI of mlops (TF_PLAN_API_TOKEN)"']);
    assert.deepEqual(result.tokens, { plan: planners.tokens[0].token, apply: deployers.tokens[0].token });
    assert.ok(result.changes.length > 0 && result.changes.every((line) => lines.includes(line)));
    for (const token of [result.tokens.plan!, result.tokens.apply!]) assert.ok(!lines.join("\n").includes(token), "no token in the log");
  });

  it("with environments staging and production, the deployers write both workload workspaces and read only what those read; a second run changes nothing", async () => {
    const cwd = tempDir("tfc-envs-");
    writeFileSync(join(cwd, "cdktf.json"), JSON.stringify({ context: defaultContext }));
    const synth = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd, env: { PATH: process.env.PATH, MODEL_ENVIRONMENTS: "staging,production", CDKTF_BACKEND: "cloud", TFC_ORGANIZATION: "acme-ml" }, encoding: "utf8" });
    assert.equal(synth.status, 0, synth.stderr);
    const twoStacks = stacksFromManifest(JSON.parse(readFileSync(join(cwd, "cdktf.out", "manifest.json"), "utf8")));
    const { api, baseUrl } = await standIn();
    await setUpTerraformCloud(setup({ stacks: twoStacks }), { baseUrl, token: api.token });
    assert.deepEqual(snapshot(api).access.filter((line) => line.startsWith("mlops-deployers")), [
      "mlops-deployers read mlops-cluster",
      "mlops-deployers read mlops-registry",
      "mlops-deployers write mlops-workload",
      "mlops-deployers write mlops-workload-staging",
    ]);
    assert.deepEqual(snapshot(api).workspaces["mlops-workload-staging"].consumers, ["mlops-workload"], "production reads the record of what staging checked");
    const before = snapshot(api);
    assert.deepEqual(await setUpTerraformCloud(setup({ stacks: twoStacks }), { baseUrl, token: api.token }), { changes: [], tokens: {} });
    assert.deepEqual(snapshot(api), before);
  });

  it("changes nothing on a second run, and says so", async () => {
    const { api, baseUrl } = await standIn();
    await setUpTerraformCloud(setup(), { baseUrl, token: api.token });
    const before = snapshot(api);
    const changesSoFar = api.changeRequests.length;
    const lines: string[] = [];
    const again = await setUpTerraformCloud(setup(), { baseUrl, token: api.token }, (line) => lines.push(line));
    assert.deepEqual(again, { changes: [], tokens: {} });
    assert.deepEqual(api.changeRequests.length, changesSoFar, "only reads");
    assert.deepEqual(snapshot(api), before);
    assert.deepEqual(lines, ["Terraform Cloud organization acme-ml: nothing to change"]);
  });

  it("once identity's outputs are given, runs identity, registry and cluster remotely, planning as the planner and applying as the admin; access and workload stay local", async () => {
    const { api, baseUrl } = await standIn();
    await setUpTerraformCloud(setup(), { baseUrl, token: api.token });
    const result = await setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token });
    const state = snapshot(api);
    const modes = Object.fromEntries(Object.entries(state.workspaces).map(([n, w]) => [n, w["execution-mode"]]));
    assert.deepEqual(modes, { "mlops-identity": "remote", "mlops-registry": "remote", "mlops-cluster": "remote", "mlops-access": "local", "mlops-workload": "local" });
    assert.deepEqual(state.variables, ["mlops-cluster", "mlops-identity", "mlops-registry"].flatMap(credentialVariables));
    assert.deepEqual(result.tokens, {}, "the teams keep their tokens");
    assert.deepEqual((await setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token })).changes, []);
  });

  it("keeps a remote stack local when asked (identity in key mode), without Google credentials on it", async () => {
    const { api, baseUrl } = await standIn();
    await setUpTerraformCloud(setup({ google, keepLocal: ["identity"] }), { baseUrl, token: api.token });
    const state = snapshot(api);
    assert.equal(state.workspaces["mlops-identity"]["execution-mode"], "local");
    assert.equal(state.workspaces["mlops-registry"]["execution-mode"], "remote");
    assert.deepEqual(state.variables, ["mlops-cluster", "mlops-registry"].flatMap(credentialVariables));
  });

  it("puts drift back: an execution mode, a wider or an extra team access, an extra state reader, a run-wide account, a changed variable", async () => {
    const { api, baseUrl } = await standIn();
    await setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token });
    const wanted = snapshot(api);
    const identity = api.workspaces.get("mlops-identity")!;
    api.workspaces.get("mlops-workload")!.attributes["execution-mode"] = "remote";
    identity.attributes["global-remote-state"] = true;
    identity.consumers.add(api.workspaces.get("mlops-workload")!.id);
    const planners = api.teams.find((t) => t.name === "mlops-planners")!;
    api.access.find((a) => a.team === planners.id && a.workspace === identity.id)!.access = "write";
    const deployers = api.teams.find((t) => t.name === "mlops-deployers")!;
    api.access.push({ id: "tws-0000000000000098", workspace: identity.id, team: deployers.id, access: "admin" });
    api.variables.find((v) => v.workspace === identity.id && v.attributes.key === "TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL")!.attributes.value = google.adminEmail;
    api.variables.push({ id: "var-0000000000000099", workspace: identity.id, attributes: { key: "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", value: google.adminEmail, category: "env" } });
    const { changes } = await setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token });
    assert.deepEqual(snapshot(api), wanted);
    assert.deepEqual(changes, [
      'workspace mlops-identity: global-remote-state true -> false',
      'workspace mlops-workload: execution-mode "remote" -> "local"',
      "workspace mlops-identity: state shared with none added, mlops-workload removed",
      "workspace mlops-identity: variable TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL updated",
      "workspace mlops-identity: variable TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL removed (each phase has its own account)",
      "team mlops-deployers: admin on mlops-identity removed",
      "team mlops-planners: write -> plan on mlops-identity",
    ]);
  });

  it("resumes a run interrupted at any change, ending where an uninterrupted run ends", async () => {
    const reference = await standIn();
    await setUpTerraformCloud(setup({ google }), { baseUrl: reference.baseUrl, token: reference.api.token });
    const total = reference.api.changeRequests.length;
    for (const stopAfter of [0, 3, Math.floor(total / 2), total - 1]) {
      const { api, baseUrl } = await standIn();
      api.failChangesAfter = stopAfter;
      await assert.rejects(setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token }), (error: Error) => {
        assert.ok(error instanceof TerraformCloudError);
        assert.match(error.message, /^(POST|PATCH|DELETE) \/\S+ answered 503 \(service unavailable\)$/);
        return true;
      });
      api.failChangesAfter = Infinity;
      const resumed = await setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token });
      const strip = (s: ReturnType<typeof snapshot>) => ({ ...s, workspaces: Object.keys(s.workspaces) });
      assert.deepEqual(strip(snapshot(api)), strip(snapshot(reference.api)), `stopped after ${stopAfter} changes`);
      assert.deepEqual(snapshot(api).workspaces, snapshot(reference.api).workspaces);
      assert.ok(resumed.changes.length > 0);
    }
  });

  it("makes new team tokens only when asked to rotate them, leaving the teams' other tokens alone", async () => {
    const { api, baseUrl } = await standIn();
    const first = await setUpTerraformCloud(setup(), { baseUrl, token: api.token });
    const planners = api.teams.find((t) => t.name === "mlops-planners")!;
    planners.tokens.push({ id: "at-0000000000000077", description: "someone else's", token: "other" });
    const rotated = await setUpTerraformCloud(setup({ rotateTokens: true }), { baseUrl, token: api.token });
    assert.ok(rotated.tokens.plan && rotated.tokens.apply);
    assert.notEqual(rotated.tokens.plan, first.tokens.plan);
    assert.deepEqual(planners.tokens.map((t) => t.token), ["other", rotated.tokens.plan]);
  });
});

describe("Terraform Cloud set up by code refuses", () => {
  const refuses = async (extra: Partial<TerraformCloudSetup>, api: { baseUrl?: string; token?: string }, message: RegExp) => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url!);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    after(() => server.close());
    const baseUrl = api.baseUrl ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
    await assert.rejects(setUpTerraformCloud(setup(extra), { baseUrl, token: api.token ?? "t" }), (error: Error) => {
      assert.ok(error instanceof TerraformCloudError);
      assert.match(error.message, message);
      return true;
    });
    assert.deepEqual(requests, [], "before any request");
  };

  it("a provider name or account email of the wrong form, naming the output and the expected form", async () => {
    await refuses({ google: { ...google, workloadProviderName: "terraform-cloud" } }, {}, /output tfc_workload_provider_name is "terraform-cloud": expected projects\/<number>\/locations\/global/);
    await refuses({ google: { ...google, plannerEmail: "planner@gmail.com" } }, {}, /output planner_email is "planner@gmail.com": expected a service account email/);
    await refuses({ google: { ...google, adminEmail: "" } }, {}, /output admin_email is "": expected a service account email/);
  });

  it("one account for both phases", async () => {
    await refuses({ google: { ...google, adminEmail: google.plannerEmail } }, {}, /planner_email and admin_email are both .*: expected two accounts, so that a plan cannot apply/);
  });

  it("the token over plain http to another machine, or an empty token", async () => {
    await refuses({}, { baseUrl: "http://tfe.example.com/api/v2" }, /the API address is "http:\/\/tfe.example.com\/api\/v2": expected an https URL/);
    await refuses({}, { token: "" }, /the Terraform Cloud token is empty/);
  });

  it("a manifest that is not cdktf's, naming what it expected", () => {
    assert.throws(() => stacksFromManifest({ version: "0.21.0" }), /manifest.json has no "stacks" object: expected the manifest `npm run synth` writes/);
    assert.throws(() => stacksFromManifest({ stacks: { workload: { dependencies: "cluster" } } }), /stack workload's dependencies are "cluster": expected a list of stack names/);
    assert.deepEqual(stacksFromManifest({ stacks: { identity: {}, registry: { dependencies: ["identity"] } } }), { identity: [], registry: ["identity"] });
  });

  it("stacks that are not the synthesized ones", async () => {
    await refuses({ stacks: { registry: [] } }, {}, /the stacks are \["registry"\]: expected the synthesized stacks/);
    await refuses({ stacks: { ...stacks, workload: ["registry", "clutser"] } }, {}, /stack workload reads the state of "clutser": expected one of access, cluster, identity, registry, workload$/);
  });

  it("a refused token, saying what token it needs", async () => {
    const { baseUrl } = await standIn();
    await assert.rejects(setUpTerraformCloud(setup(), { baseUrl, token: "wrong" }), /^TerraformCloudError: GET \/organizations\/acme-ml\/workspaces\/mlops-\w+ answered 401: the token was refused; expected a user or owners-team token/);
  });

  it("an address that is not HCP Terraform's API, naming what answered", async () => {
    const server = createServer((_req, res) => res.end("<html>sign in</html>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    after(() => server.close());
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
    await assert.rejects(setUpTerraformCloud(setup(), { baseUrl, token: "t" }), /GET \/organizations\/acme-ml\/workspaces\/mlops-\w+ answered 200 with a body that is not JSON \(<html>sign in<\/html>\): expected HCP Terraform's API/);
  });

  it("an API that does not answer, after the request's time limit", async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    after(() => {
      server.closeAllConnections();
      server.close();
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
    await assert.rejects(setUpTerraformCloud(setup(), { baseUrl, token: "t", timeoutMs: 200 }), /GET \/organizations\/acme-ml\/workspaces\/mlops-\w+ failed: .* \(after at most 200 ms\)/);
  });
});

describe("what the bootstrap asks of a workspace, and its tokens", () => {
  it("reads a workspace's execution mode, undefined for one that does not exist; refuses plain http to another machine and an empty token", async () => {
    const { api, baseUrl } = await standIn();
    assert.equal(await workspaceExecutionMode("acme-ml", "mlops-identity", { baseUrl, token: api.token }), undefined);
    await setUpTerraformCloud(setup({ google }), { baseUrl, token: api.token });
    assert.equal(await workspaceExecutionMode("acme-ml", "mlops-identity", { baseUrl, token: api.token }), "remote");
    assert.equal(await workspaceExecutionMode("acme-ml", "mlops-access", { baseUrl, token: api.token }), "local");
    const before = api.requests.length;
    await assert.rejects(workspaceExecutionMode("acme-ml", "mlops-identity", { baseUrl: "http://tfe.acme.dev/api/v2", token: api.token }), {
      message: 'the API address is "http://tfe.acme.dev/api/v2": expected an https URL such as https://app.terraform.io/api/v2',
    });
    await assert.rejects(workspaceExecutionMode("acme-ml", "mlops-identity", { baseUrl, token: "" }), {
      message: "the Terraform Cloud token is empty: expected a user or owners-team token of the organization",
    });
    assert.equal(api.requests.length, before, "nothing was sent");
  });

  it("makes no team token when told not to: the bootstrap makes them only where it stores them at once", async () => {
    const { api, baseUrl } = await standIn();
    const result = await setUpTerraformCloud(setup({ makeTokens: false }), { baseUrl, token: api.token });
    assert.deepEqual(result.tokens, {});
    assert.deepEqual(snapshot(api).tokens, []);
    assert.equal(api.teams.length, 2, "the teams are made all the same");
  });
});

describe("the rehearsal's state for Terraform Cloud's workspaces", () => {
  it("swaps each stack's cloud block and remote state reads for the gcs backend, one prefix a workspace, and refuses a stack without a cloud block", () => {
    const dir = tempDir("rehearsal-state-");
    const stacks = new Map<string, Record<string, any>>([
      ["cluster", { terraform: { cloud: { organization: "acme", workspaces: { name: "mlops-cluster" } } } }],
      [
        "access",
        {
          terraform: { cloud: { organization: "acme", workspaces: { name: "mlops-access" } } },
          data: { terraform_remote_state: { "cross-stack-reference-input-cluster": { backend: "remote", config: { organization: "acme", workspaces: { name: "mlops-cluster" } } } } },
        },
      ],
    ]);
    for (const name of stacks.keys()) mkdirSync(join(dir, "stacks", name), { recursive: true });
    keepStateInBucket(dir, stacks);
    const access = JSON.parse(readFileSync(join(dir, "stacks", "access", "cdk.tf.json"), "utf8"));
    assert.deepEqual(access.terraform, { backend: { gcs: { bucket: WORKSPACES_BUCKET, prefix: "terraform/access" } } });
    assert.deepEqual(access.data.terraform_remote_state["cross-stack-reference-input-cluster"], { backend: "gcs", config: { bucket: WORKSPACES_BUCKET, prefix: "terraform/cluster" } });
    assert.throws(() => keepStateInBucket(dir, new Map([["cluster", { terraform: { backend: { local: {} } } }]])), {
      message: "stack cluster has no cloud block: expected the stacks synthesized with CDKTF_BACKEND=cloud",
    });
  });
});

describe("the team tokens as CI secrets", () => {
  it("stores nothing when HCP Terraform answers a token request without a token", async () => {
    const { api, baseUrl } = await standIn();
    const route = (api as any).route.bind(api);
    (api as any).route = (method: string, url: URL, body: unknown) => {
      const answer = route(method, url, body);
      if (method === "POST" && url.pathname.endsWith("/authentication-tokens")) answer[1].data.attributes.token = null;
      return answer;
    };
    const stored: string[] = [];
    const platform = { name: "GitHub", hasSecret: async () => false, setSecret: async (secret: { name: string }) => void stored.push(secret.name) } as unknown as CiPlatform;
    const context = { cloud: { organization: "acme-ml", api: { baseUrl, token: api.token } }, workspacePrefix: "mlops", stacks, identityOutputs: async () => ({ tfc_workload_provider_name: google.workloadProviderName, planner_email: google.plannerEmail, admin_email: google.adminEmail }), log: () => undefined };
    const step = tokenSecretsStep(context, platform);
    assert.equal(await step.check(), undefined);
    await assert.rejects(step.run(), { message: "Terraform Cloud answered no plan token: expected one to store as TF_PLAN_API_TOKEN; nothing was stored" });
    assert.deepEqual(stored, []);
  });
});
