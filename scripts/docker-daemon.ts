// Whether the Docker daemon can build the model image the way the workload
// stack asks it to, checked before planning so a deploy fails in a second
// with the setting to change, not minutes later inside `terraform apply`.
//
// The docker provider 3.6.2 builds `docker_image` through the daemon's classic
// image store; its own docs say the build "Requires the `Use containerd for
// pulling and storing images` option to be disabled in the Docker Host"
// (kreuzwerker/terraform-provider-docker v3.6.2 docs/resources/image.md:101,
// issue 534). Docker Engine 29 turns the containerd image store on for fresh
// installs, as does Docker Desktop; an upgraded engine keeps the classic store
// (docs.docker.com/engine/storage/containerd/). The daemon says which store it
// uses in `docker info`: with the containerd store `DriverStatus` is
// [["driver-type", "io.containerd.snapshotter.v1"]] (as `docker info -f
// '{{ .DriverStatus }}'` shows, sylabs/singularity issue 4088); the classic
// overlay2 driver lists "Backing Filesystem", "Supports d_type" and so on.
import { spawnSync } from "child_process";

export class DockerDaemonError extends Error {}

/** The `DriverStatus` pair a daemon with the containerd image store reports. */
export const CONTAINERD_STORE: readonly [string, string] = ["driver-type", "io.containerd.snapshotter.v1"];

/** How to turn the containerd image store off, for Docker Engine and Docker Desktop. */
export const IMAGE_STORE_SETTING =
  'set "features": {"containerd-snapshotter": false} in /etc/docker/daemon.json and restart the daemon ' +
  '(Docker Desktop: Settings > General, untick "Use containerd for pulling and storing images")';

export interface DockerRun {
  /** Exit status; undefined when `docker` could not be started at all. */
  readonly status?: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `docker info --format '{{json .}}'`; DOCKER_HOST and contexts apply as they do for the provider. */
export function dockerInfo(): DockerRun {
  const result = spawnSync("docker", ["info", "--format", "{{json .}}"], { encoding: "utf8" });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === "ENOENT") return { stdout: "", stderr: "" };
    throw result.error;
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Resolves with a line describing a daemon that can build the image; throws
 * a DockerDaemonError saying what to do when there is none, or when its image
 * store is containerd's.
 */
export function checkDockerDaemon(run: () => DockerRun = dockerInfo): string {
  const why = "the workload stack builds the model image with the docker provider, which needs a Docker daemon";
  const result = run();
  if (result.status === undefined) {
    throw new DockerDaemonError(`docker is not on PATH: ${why} (install Docker Engine; on GitLab run the job with the docker:dind service)`);
  }
  let info: { ServerErrors?: string[]; ServerVersion?: string; Driver?: string; DriverStatus?: unknown } | undefined;
  try {
    info = JSON.parse(result.stdout);
  } catch {
    info = undefined;
  }
  // Without a daemon the CLI still prints its half of the JSON, exits 1 and says why on stderr.
  const unreachable = result.status !== 0 || info === undefined || (info.ServerErrors?.length ?? 0) > 0 || !info.ServerVersion;
  if (unreachable) {
    const said = [...(info?.ServerErrors ?? []), ...result.stderr.trim().split("\n")].find((line) => line.trim() !== "") ?? `exit status ${result.status}`;
    throw new DockerDaemonError(`no Docker daemon answered \`docker info\` (${said.trim()}): ${why}; start it, or point DOCKER_HOST at one`);
  }
  const status = Array.isArray(info!.DriverStatus) ? (info!.DriverStatus as unknown[]) : [];
  const containerdStore = status.some((pair) => Array.isArray(pair) && pair[0] === CONTAINERD_STORE[0] && pair[1] === CONTAINERD_STORE[1]);
  if (containerdStore) {
    throw new DockerDaemonError(
      `the Docker daemon (${info!.ServerVersion}) stores images with containerd (docker info: DriverStatus ${CONTAINERD_STORE.join(" ")}), ` +
        `and the docker provider 3.6.2 cannot build images there (kreuzwerker/terraform-provider-docker issue 534): ${IMAGE_STORE_SETTING}`,
    );
  }
  return `Docker ${info!.ServerVersion}, storage driver ${info!.Driver || "unknown"}`;
}
