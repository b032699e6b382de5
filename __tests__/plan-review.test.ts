// The plan comment a reviewer reads, built from the saved plan's JSON of real
// Terraform 1.11.4 plans through the provider simulator
// (fixtures/plans/json/, recorded by fixtures/record-plans.ts).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { join } from "path";
import { code, GITHUB_COMMENT_LIMIT, GITLAB_NOTE_LIMIT, JsonPlan, renderPlan, reviewPlan } from "../scripts/plan-review";
import type { RecordedPlan } from "./fixtures/record-plans";
import { root } from "./support";

function recorded(name: string): RecordedPlan {
  return JSON.parse(readFileSync(join(root, "__tests__", "fixtures", "plans", "json", `${name}.json`), "utf8"));
}

const COMMIT = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const RUN = "https://github.com/acme/mlops-classifier/actions/runs/4242";

function render(name: string, limit = GITHUB_COMMENT_LIMIT, output?: string): string {
  const plan = recorded(name);
  return renderPlan({
    stack: plan.stack,
    plan: (plan.plan ?? undefined) as JsonPlan | undefined,
    output: output ?? plan.output,
    exitStatus: plan.exitStatus,
    commit: COMMIT,
    runUrl: RUN,
    limit,
  });
}

/** Asserts that `parts` appear in `text` in this order. */
function inOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const found = text.indexOf(part, from);
    assert.ok(found >= 0, `${JSON.stringify(part)} after position ${from} in:\n${text}`);
    from = found + part.length;
  }
}

describe("the plan comment, from the saved plan's JSON", () => {
  it("warns first that the cluster is replaced, and names the network change that forces it", () => {
    const body = render("network-replaces-cluster");
    const lines = body.split("\n");
    assert.equal(lines[0], "<!-- cdktf-plan:cluster -->");
    assert.equal(
      lines[1],
      "⚠️ **Destroys or replaces 3:** the cluster `google_container_cluster.cluster` (replaced), `google_compute_network.network` (replaced), `google_compute_subnetwork.subnet` (replaced)",
    );
    assert.equal(lines[3], "**Plan of stack `cluster` at `9f8e7d6`:** 3 to add, 0 to change, 3 to destroy.");
    inOrder(body, [
      "**Replace** (3)",
      '- `google_container_cluster.cluster` (the cluster): forced by `subnetwork` `"sim-id-5144f631"` → known after apply, `network` `"sim-id-f2e769da"` → known after apply\n',
      '- `google_compute_network.network`: forced by `name` `"mlops-network"` → `"mlops-network-2"`\n',
      "**Outputs** (1)",
      '- `cluster_endpoint`: `"203.0.113.190"` → known after apply',
      "<details><summary>Full plan</summary>",
      recorded("network-replaces-cluster").output.trimEnd(),
      "</details>",
    ]);
  });

  it("warns that the namespace is destroyed before the RBAC objects in it, and lists what goes", () => {
    const body = render("destroy-namespace");
    assert.ok(body.split("\n")[1].startsWith("⚠️ **Destroys or replaces 5:** the namespace `kubernetes_namespace_v1.namespace` (destroyed), `kubernetes_cluster_role_binding_v1"), body);
    inOrder(body, ["**Destroy** (5)\n- `kubernetes_namespace_v1.namespace` (the namespace)\n- `kubernetes_cluster_role_binding_v1.deployer_crd_binding`", "**Outputs** (1)\n- `namespace`: `\"live\"` → (removed)"]);
    assert.ok(!body.includes("**Create**") && !body.includes("**Replace**"));
  });

  it("shows a new model as old → new digest, short, with both commits, after the changes and before the outputs", () => {
    const body = render("new-model");
    inOrder(body, [
      "⚠️ **Destroys or replaces 3:** `docker_image.built_image` (replaced)",
      "**Plan of stack `workload` at `9f8e7d6`:** 3 to add, 1 to change, 3 to destroy.",
      "**Replace** (3)",
      "- `terraform_data.deployed`: forced by `triggers_replace` ",
      "; the new one is created before the old one is destroyed\n",
      "**Update in place** (1)\n- `kubernetes_deployment_v1.deployment` (the Deployment): `spec[0].template[0].metadata[0].annotations.model-digest` ",
      "`spec[0].template[0].spec[0].container[0].image` ",
      " → known after apply\n",
      "**Model:** `sha256:3fec85d94460` → `sha256:344c0b479362` (commit `4c1e2f0` → `9f8e7d6`)",
      "**Outputs** (3)",
      "<details>",
    ]);
  });

  it("says a plan with no changes in one line", () => {
    assert.equal(render("no-changes"), "<!-- cdktf-plan:registry -->\n**Plan of stack `registry` at `9f8e7d6`:** no changes.");
  });

  it("marks a failed plan failed, with Terraform's first error and its whole output", () => {
    const body = render("failed");
    const failed = recorded("failed");
    assert.equal(failed.plan, null, "a failed plan saves nothing");
    assert.equal(body.split("\n")[1], "**Plan failed (exit status 1): Error: Resource precondition failed**");
    assert.ok(body.includes(`\`\`\`text\n${failed.output.trimEnd()}\n\`\`\``));
    assert.ok(!body.includes("⚠️"));
  });

  it("says so when Terraform could not show the saved plan as JSON, and shows its text", () => {
    const plan = recorded("no-changes");
    const body = renderPlan({ stack: "registry", output: plan.output, exitStatus: 0, limit: GITHUB_COMMENT_LIMIT });
    assert.equal(body.split("\n")[1], "the saved plan could not be read as JSON (the job log says why); Terraform's text follows");
    assert.ok(body.includes(plan.output.trimEnd()));
  });

  it("shows no sensitive value: neither a sensitive attribute that forces a replacement nor a sensitive output", () => {
    const plan = recorded("sensitive");
    const json = JSON.stringify(plan.plan);
    const secrets = ["planted-secret-before-7c1d", "planted-secret-after-e93b"];
    // The saved plan holds them in plain, marked sensitive: the rendering must not show them.
    for (const secret of secrets) assert.ok(json.includes(secret), `the fixture holds ${secret}`);
    const privateKey = (plan.plan as any).resource_changes[0].change.before.private_key as string;
    assert.ok(privateKey.length > 20);
    const body = render("sensitive");
    for (const secret of [...secrets, privateKey]) assert.ok(!body.includes(secret), `${secret} shown in:\n${body}`);
    inOrder(body, [
      "- `google_service_account_key.planner`: forced by `keepers` (sensitive value) → (sensitive value)",
      "- `rotation`: (sensitive value) → (sensitive value)",
    ]);
  });

  it("fits GitHub's limit with a plan too long for it: the warning and the whole list stay, the text plan is cut with a note", () => {
    const long = recorded("long");
    assert.ok(long.output.length > GITHUB_COMMENT_LIMIT, `${long.output.length} characters`);
    const body = render("long");
    assert.ok(body.length <= GITHUB_COMMENT_LIMIT, `${body.length} characters`);
    assert.ok(body.split("\n")[1].startsWith("⚠️ **Destroys or replaces 201:** the state bucket `google_storage_bucket.state` (replaced), "));
    assert.ok(body.split("\n")[1].endsWith(", and 193 more below"));
    assert.equal(body.match(/^- `google_storage_bucket_iam_member\.reader\[\d+\]`: forced by `bucket`/gm)?.length, 200);
    assert.match(body, /\n_The text plan is cut to fit: \d+ of 75837 characters shown; the \[job log\]\(https:\/\/github.com\/acme\/mlops-classifier\/actions\/runs\/4242\) has all of it\._\n$/);
    assert.ok(body.includes("\n```\n\n</details>"), "the code block and the details are closed");
  });

  it("fits GitLab's limit too, and keeps the warning and as much of the list as fits when even the list is too long", () => {
    const huge = recorded("long").output.repeat(14);
    assert.ok(huge.length > GITLAB_NOTE_LIMIT, `${huge.length} characters`);
    const note = render("long", GITLAB_NOTE_LIMIT, huge);
    assert.ok(note.length <= GITLAB_NOTE_LIMIT && note.length > GITLAB_NOTE_LIMIT - 1000, `${note.length} characters: the room is used`);
    assert.ok(note.includes("**Replace** (201)"));

    const small = render("long", 4000);
    assert.ok(small.length <= 4000, `${small.length} characters`);
    assert.ok(small.split("\n")[1].startsWith("⚠️ **Destroys or replaces 201:**"));
    inOrder(small, ["**Replace** (201)\n- `google_storage_bucket.state` (the state bucket): forced by `name`", "- `google_storage_bucket_iam_member.reader[0]`"]);
    assert.match(small, /\n\n_Cut to fit: \d+ more lines of the list and the text plan are left out; the \[job log\]\(.*\) has all of it\._\n$/);
    assert.ok(!small.includes("<details>"));
  });

  it("labels the verify job's offline plan and links to what the simulator does not check", () => {
    const plan = recorded("create-identity");
    const body = renderPlan({
      stack: "identity",
      plan: plan.plan as JsonPlan,
      output: plan.output,
      exitStatus: 0,
      limit: GITHUB_COMMENT_LIMIT,
      offline: { caveatsUrl: "https://github.com/acme/m/blob/abc/sim/README.md#what-is-real-and-what-is-simulated" },
    });
    assert.equal(
      body.split("\n")[1],
      "**Offline plan of stack `identity`, against simulated providers ([what it does not check](https://github.com/acme/m/blob/abc/sim/README.md#what-is-real-and-what-is-simulated)):** 17 to add, 0 to change, 0 to destroy.",
    );
    inOrder(body, ["**Create** (17)\n- `google_storage_bucket.state` (the state bucket)\n", "- 5 values other stacks read (cdktf's `cross-stack-output-*` outputs, sensitive)"]);
  });

  it("refuses JSON that is not a Terraform plan, naming the field and the expected form", () => {
    assert.throws(() => reviewPlan({ format_version: "2.0" } as JsonPlan), /^Error: the plan's JSON has format_version "2.0": expected 1.x, as `terraform show -json <planfile>` writes it$/);
    assert.throws(() => reviewPlan({} as JsonPlan), /format_version undefined/);
  });

  /** The recorded new-model plan with `change` applied to a copy of its JSON. */
  function changed(change: (plan: any) => void): string {
    const model = recorded("new-model");
    const plan = structuredClone(model.plan) as any;
    change(plan);
    return renderPlan({ stack: "workload", plan, output: model.output, exitStatus: 0, limit: GITHUB_COMMENT_LIMIT });
  }

  it("says when no model was deployed before, and when only the commit changes", () => {
    assert.ok(changed((plan) => delete plan.prior_state.values.outputs.model_digest).includes("\n**Model:** nothing deployed yet → `sha256:344c0b479362` (commit `9f8e7d6`)\n"));
    const sameDigest = changed((plan) => (plan.variables.model_digest.value = plan.prior_state.values.outputs.model_digest.value));
    assert.ok(sameDigest.includes("\n**Model:** unchanged, `sha256:3fec85d94460` (commit `4c1e2f0` → `9f8e7d6`)\n"), sameDigest);
    assert.ok(!changed((plan) => delete plan.variables.model_digest).includes("**Model:**"), "only the workload has a model");
  });

  it("says why a resource is replaced when no attribute forces it, and why one is read during apply or destroyed", () => {
    const body = changed((plan) => {
      const record = plan.resource_changes.find((resource: any) => resource.address === "terraform_data.deployed");
      delete record.change.replace_paths;
      record.action_reason = "replace_by_triggers";
      plan.resource_changes.push(
        { address: "data.kubernetes_resource.rollout[0]", mode: "data", type: "kubernetes_resource", action_reason: "read_because_dependency_pending", change: { actions: ["read"], before: null, after: {}, after_unknown: { object: true } } },
        { address: "kubernetes_service_v1.service", type: "kubernetes_service_v1", deposed: "00000001", action_reason: "delete_because_no_resource_config", change: { actions: ["delete"], before: {}, after: null } },
      );
    });
    inOrder(body, [
      "⚠️ **Destroys or replaces 4:** the Service `kubernetes_service_v1.service` (destroyed), ",
      "**Plan of stack `workload`:** 3 to add, 1 to change, 4 to destroy, 1 to read.",
      "- `terraform_data.deployed`: replace_triggered_by; the new one is created before the old one is destroyed\n",
      "**Destroy** (1)\n- `kubernetes_service_v1.service` (deposed object `00000001`) (the Service): no longer in the configuration\n",
      "**Read during apply** (1)\n- `data.kubernetes_resource.rollout[0]`: it depends on a change made during apply\n",
    ]);
  });

  it("shows an updated sensitive map as Terraform does, whole, neither its keys nor its values", () => {
    const body = changed((plan) =>
      plan.resource_changes.push({
        address: "kubernetes_secret_v1.model",
        type: "kubernetes_secret_v1",
        change: {
          actions: ["update"],
          before: { data: { "planted-key-name": "planted-value-before" }, type: "Opaque", metadata: [{ labels: { "app.kubernetes.io/name": "a" } }] },
          after: { data: { "planted-key-name": "planted-value-after" }, type: "Opaque", metadata: [{ labels: { "app.kubernetes.io/name": "b" } }] },
          after_unknown: {},
          before_sensitive: { data: true },
          after_sensitive: { data: true },
        },
      }),
    );
    assert.ok(body.includes('\n- `kubernetes_secret_v1.model`: `data` (sensitive value) → (sensitive value), `metadata[0].labels["app.kubernetes.io/name"]` `"a"` → `"b"`\n'), body);
    for (const planted of ["planted-key-name", "planted-value-before", "planted-value-after"]) assert.ok(!body.includes(planted), planted);
  });

  it("shows no model line when the deployed model's outputs were marked sensitive", () => {
    assert.ok(!changed((plan) => (plan.prior_state.values.outputs.model_digest.sensitive = true)).includes("**Model:**"));
    assert.ok(!changed((plan) => (plan.prior_state.values.outputs.model_commit.sensitive = true)).includes("**Model:**"));
  });

  it("keeps both ends of a value longer than 160 characters, where names and digests differ", () => {
    const body = changed((plan) => {
      const network = plan.resource_changes.find((resource: any) => resource.address === "terraform_data.deployed");
      network.change.before.triggers_replace = `${"a".repeat(100)}-old-${"b".repeat(100)}-end-before`;
      network.change.after.triggers_replace = "short";
    });
    // 79 characters from the start (the quote and 78 a), 80 from the end.
    assert.ok(body.includes(`\`"${"a".repeat(78)}…${"b".repeat(68)}-end-before"\` → \`"short"\``), body);
  });

  it("refuses a stack name that could end the hidden marker early", () => {
    const plan = recorded("no-changes");
    assert.throws(
      () => renderPlan({ stack: "x --> <img src=https://example.com/t>", plan: plan.plan as JsonPlan, output: plan.output, exitStatus: 0, limit: GITHUB_COMMENT_LIMIT }),
      /^Error: stack is "x --> <img src=https:\/\/example.com\/t>": expected a stack name of letters, digits, "_" and "-"$/,
    );
  });

  it("refuses a limit too small for the title, naming the limit and what it needs", () => {
    assert.throws(() => render("no-changes", 40), /^Error: limit 40 leaves no room for the one line of stack registry: expected at least 83$/);
    assert.throws(() => render("long", 200), /^Error: limit 200 leaves no room for the plan of stack long: expected at least \d+$/);
  });

  it("keeps a value's backticks inside its code span", () => {
    // CommonMark strips one space on each side when both are there: the padding lets a span end in a backtick.
    assert.equal(code("run `npm run digest`"), "`` run `npm run digest` ``");
    assert.equal(code("a``b"), "```a``b```");
  });
});
