// A CI project for deploy:workload: a real git repository (the deploy
// compares commits) and a stand-in `docker` that answers `docker info` with a
// recorded daemon's JSON. git runs with no global or system configuration.
import { execFileSync } from "child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { join } from "path";
import { Answer, CiProject } from "./ci-project";
import { root } from "./support";

/** git's identity and an empty configuration, so the machine's settings never matter. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: "Deploy Test",
  GIT_AUTHOR_EMAIL: "deploy-test@example.com",
  GIT_COMMITTER_NAME: "Deploy Test",
  GIT_COMMITTER_EMAIL: "deploy-test@example.com",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...GIT_ENV } }).trim();
}

/** `docker info --format '{{json .}}'` of a recorded daemon (fixtures/docker). */
export type DockerDaemon = "classic-store" | "containerd-store" | "no-daemon";

// A shell script, not node: each deploy asks docker once, and a node start costs more.
const FAKE_DOCKER = `#!/bin/sh
here=$(dirname "$0")
if [ "$*" != "info --format {{json .}}" ]; then echo "fake docker: no answer for $*" >&2; exit 99; fi
cat "$here/docker-info.stdout"
cat "$here/docker-info.stderr" >&2
exit "$(cat "$here/docker-info.status")"
`;

// kubectl and gcloud as a deploy's failure diagnosis calls them: each call
// logged with the KUBECONFIG it was given; kubectl answers `get events` and
// `get pods` from recorded API lists.
const FAKE_KUBECTL = `#!/bin/sh
here=$(dirname "$0")
echo "kubectl $* KUBECONFIG=$KUBECONFIG" >> "$here/cluster.log"
what=$2
[ -f "$KUBECONFIG" ] || { echo "fake kubectl: no kubeconfig at $KUBECONFIG" >&2; exit 98; }
cat "$here/kubectl-$what.stdout" 2>/dev/null
cat "$here/kubectl-$what.stderr" >&2 2>/dev/null
exit "$(cat "$here/kubectl-$what.status" 2>/dev/null || echo 99)"
`;

const FAKE_GCLOUD = `#!/bin/sh
here=$(dirname "$0")
echo "gcloud $* KUBECONFIG=$KUBECONFIG" >> "$here/cluster.log"
status=$(cat "$here/gcloud.status" 2>/dev/null || echo 0)
if [ "$status" = 0 ]; then echo "apiVersion: v1" > "$KUBECONFIG"; else cat "$here/gcloud.stderr" >&2; fi
exit "$status"
`;

/** How the stand-in cluster answers: recorded lists (fixtures/kubernetes), or an error. */
export interface ClusterAnswers {
  readonly events?: Answer;
  readonly pods?: Answer;
  readonly credentials?: Answer;
}

/** What `terraform output -json` prints for a workload state with these string outputs (`{}` for none). */
export function outputs(values: { model_digest?: string; model_commit?: string; url?: string; rolled_back_from?: string } = {}): Answer {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  return { stdout: `${JSON.stringify(Object.fromEntries(entries.map(([name, value]) => [name, { sensitive: false, type: "string", value }])), null, 2)}\n` };
}

export class DeployProject extends CiProject {
  constructor(context: Record<string, unknown> = { backend: "gcs" }) {
    super(context);
    // The scripts' own files are not the project's history.
    writeFileSync(this.path(".gitignore"), ".fake-bin/\n.bare-bin/\n.answers.json*\n.terraform-calls\ncdktf.out/\n*.env\nsummary.md\n");
    git(this.dir, "init", "-q", "-b", "main");
    this.commit("first model");
    this.docker("classic-store");
    // Never the machine's own kubectl or gcloud: a cluster with nothing to say.
    const empty = { stdout: '{"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}\n' };
    this.cluster({ events: empty, pods: empty });
  }

  /** Answers `docker info` as the recorded daemon does. */
  docker(daemon: DockerDaemon): void {
    const fixture = (ext: string) => readFileSync(join(root, "__tests__", "fixtures", "docker", `info-${daemon}.${ext}`), "utf8");
    const noDaemon = daemon === "no-daemon";
    writeFileSync(this.path(".fake-bin", "docker-info.stdout"), fixture("json"));
    writeFileSync(this.path(".fake-bin", "docker-info.stderr"), noDaemon ? fixture("stderr") : "");
    writeFileSync(this.path(".fake-bin", "docker-info.status"), noDaemon ? "1" : "0");
    writeFileSync(this.path(".fake-bin", "docker"), FAKE_DOCKER);
    chmodSync(this.path(".fake-bin", "docker"), 0o755);
  }

  /** Puts kubectl and gcloud stand-ins on PATH that answer as `answers` say. */
  cluster(answers: ClusterAnswers): void {
    const bin = this.path(".fake-bin");
    for (const [what, answer] of [["events", answers.events], ["pods", answers.pods]] as const) {
      writeFileSync(join(bin, `kubectl-${what}.stdout`), answer?.stdout ?? "");
      writeFileSync(join(bin, `kubectl-${what}.stderr`), answer?.stderr ?? "");
      writeFileSync(join(bin, `kubectl-${what}.status`), String(answer?.status ?? 0));
    }
    writeFileSync(join(bin, "gcloud.status"), String(answers.credentials?.status ?? 0));
    writeFileSync(join(bin, "gcloud.stderr"), answers.credentials?.stderr ?? "");
    for (const [name, script] of [["kubectl", FAKE_KUBECTL], ["gcloud", FAKE_GCLOUD]]) {
      writeFileSync(join(bin, name), script);
      chmodSync(join(bin, name), 0o755);
    }
  }

  /** Each kubectl and gcloud call, with the KUBECONFIG it had. */
  clusterCalls(): string[] {
    const log = this.path(".fake-bin", "cluster.log");
    return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
  }

  /** Changes the model (a file in the build context), commits everything, returns the commit. */
  commit(message: string, model = message): string {
    writeFileSync(this.path("model-server", "model.txt"), `${model}\n`);
    git(this.dir, "add", "-A");
    git(this.dir, "commit", "-q", "-m", message);
    return git(this.dir, "rev-parse", "HEAD");
  }

  /** The `-var` values of the plans deploy:workload ran, in order, deployed_at aside. */
  planVariables(): Record<string, string>[] {
    return this.terraformCalls()
      .filter((call) => call.includes(": plan "))
      .map((call) => {
        const args = call.split(": ").slice(1).join(": ").split(" ");
        const vars = args.flatMap((arg, i) => (args[i - 1] === "-var" ? [arg.split("=")] : []));
        const values: Record<string, string> = Object.fromEntries(vars.map(([name, ...value]) => [name, value.join("=")]));
        // The deploy's time: its own test says which; here only its form.
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(values.deployed_at)) throw new Error(`deployed_at is ${values.deployed_at}: expected an ISO time`);
        delete values.deployed_at;
        return values;
      });
  }
}

/** A PATH with no docker on it: the fake terraform, and links to node and git only. */
export function pathWithoutDocker(project: DeployProject): string {
  const bin = project.path(".bare-bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "node"));
  symlinkSync(execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim(), join(bin, "git"));
  rmSync(project.path(".fake-bin", "docker"));
  return `${project.path(".fake-bin")}:${bin}`;
}
