// Provider facts of kreuzwerker/terraform-provider-docker v3.6.2 for the types
// the workload stack uses: the provider configuration, docker_image and
// docker_registry_image.
//
// How they were gathered: the schema maps under internal/provider/ at the tag
// were read with a throwaway evaluator of their Go map literals (the shared
// AuthConfigSchema of internal/provider/authentication_helpers.go followed
// into docker_registry_image.auth_config), which wrote the data below; each
// citation is the line where the flag or validator stands, and a separate
// check confirmed that each cited line names the flag or validator. The
// attributes the workload stack sets (name, build.context, build.platform,
// triggers, keep_locally, keep_remotely, registry_auth) were compared with
// the source by hand.
//
// What the schema says beyond flags, and what is not here:
// - docker_image.build needs the Docker daemon's containerd image store off:
//   its description reads "Requires the `Use containerd for pulling and
//   storing images` option to be disabled in the Docker Host", pointing at
//   issue 534 (internal/provider/resource_docker_image.go:78,
//   docs/resources/image.md:101). build.builder unset means the legacy
//   builder (internal/provider/resource_docker_image.go:407), the one that
//   note is about. Neither is a check: the simulator has no daemon to ask.
// - host is Required with a DefaultFunc (DOCKER_HOST, else the local socket;
//   internal/provider/provider.go:45-46), so leaving it out is valid.
// - registry_auth has no ConflictsWith at this tag: address, username,
//   password, config_file and config_file_content are independent in the
//   schema (internal/provider/provider.go:102-147); which one wins is decided
//   when the provider configures itself, not in validation.
// - build.auth_config.password is NOT Sensitive at this tag
//   (internal/provider/resource_docker_image.go:292-296), unlike
//   registry_auth.password and docker_registry_image.auth_config.password.
// - build is a TypeSet (internal/provider/resource_docker_image.go:77): the
//   SDK addresses its one element by hash, so changing an attribute without
//   ForceNew there (tag, label, remove, auth_config) still makes its ForceNew
//   siblings look changed and replaces the image. That follows from the SDK's
//   set diff, not from a flag, and was not run here; the facts below hold the
//   flags only.
// - keep_locally and force_remove have no Default (null means false);
//   docker_registry_image.keep_remotely and insecure_skip_verify default to
//   false.
import { Check, Citation, ProviderFacts } from "./types";

/** validation.StringIsNotEmpty: `expected %q not to be an empty string, got %v`. */
function stringIsNotEmpty(source: Citation): Check[] {
  return [
    {
      kind: "length",
      min: 1,
      name: "validation.StringIsNotEmpty",
      message: "expected not to be an empty string",
      source,
    },
  ];
}

export const dockerFacts: ProviderFacts = {
  provider: "docker",
  repository: "kreuzwerker/terraform-provider-docker",
  tag: "v3.6.2",
  configuration: {
    source: "internal/provider/provider.go:42",
    attributes: {
      "registry_auth.address": { checks: [...stringIsNotEmpty("internal/provider/provider.go:110")] },
      "registry_auth.password": { sensitive: "internal/provider/provider.go:124" },
      "registry_auth.auth_disabled": { default: { value: false, source: "internal/provider/provider.go:144" } },
      disable_docker_daemon_check: { default: { value: false, source: "internal/provider/provider.go:153" } },
    },
  },
  resources: {
    docker_image: {
      source: "internal/provider/resource_docker_image.go:30",
      attributes: {
        name: { forceNew: "internal/provider/resource_docker_image.go:40" },
        pull_triggers: { forceNew: "internal/provider/resource_docker_image.go:65" },
        build: {
          maxItems: { value: 1, source: "internal/provider/resource_docker_image.go:80" },
          conflictsWith: { paths: ["pull_triggers"], source: "internal/provider/resource_docker_image.go:81" },
        },
        "build.dockerfile": {
          forceNew: "internal/provider/resource_docker_image.go:89",
          default: { value: "Dockerfile", source: "internal/provider/resource_docker_image.go:88" },
        },
        "build.remove": { default: { value: true, source: "internal/provider/resource_docker_image.go:102" } },
        "build.secrets.id": { forceNew: "internal/provider/resource_docker_image.go:116" },
        "build.secrets.src": { forceNew: "internal/provider/resource_docker_image.go:123" },
        "build.secrets.env": { forceNew: "internal/provider/resource_docker_image.go:130" },
        "build.suppress_output": { forceNew: "internal/provider/resource_docker_image.go:147" },
        "build.remote_context": { forceNew: "internal/provider/resource_docker_image.go:153" },
        "build.no_cache": { forceNew: "internal/provider/resource_docker_image.go:159" },
        "build.force_remove": { forceNew: "internal/provider/resource_docker_image.go:165" },
        "build.pull_parent": { forceNew: "internal/provider/resource_docker_image.go:171" },
        "build.isolation": { forceNew: "internal/provider/resource_docker_image.go:177" },
        "build.cpu_set_cpus": { forceNew: "internal/provider/resource_docker_image.go:183" },
        "build.cpu_set_mems": { forceNew: "internal/provider/resource_docker_image.go:189" },
        "build.cpu_shares": { forceNew: "internal/provider/resource_docker_image.go:195" },
        "build.cpu_quota": { forceNew: "internal/provider/resource_docker_image.go:201" },
        "build.cpu_period": { forceNew: "internal/provider/resource_docker_image.go:207" },
        "build.memory": { forceNew: "internal/provider/resource_docker_image.go:213" },
        "build.memory_swap": { forceNew: "internal/provider/resource_docker_image.go:219" },
        "build.cgroup_parent": { forceNew: "internal/provider/resource_docker_image.go:225" },
        "build.network_mode": { forceNew: "internal/provider/resource_docker_image.go:231" },
        "build.shm_size": { forceNew: "internal/provider/resource_docker_image.go:237" },
        "build.ulimit.name": { forceNew: "internal/provider/resource_docker_image.go:249" },
        "build.ulimit.hard": { forceNew: "internal/provider/resource_docker_image.go:255" },
        "build.ulimit.soft": { forceNew: "internal/provider/resource_docker_image.go:261" },
        "build.build_args": { forceNew: "internal/provider/resource_docker_image.go:270" },
        "build.context": { forceNew: "internal/provider/resource_docker_image.go:329" },
        "build.labels": { forceNew: "internal/provider/resource_docker_image.go:335" },
        "build.squash": { forceNew: "internal/provider/resource_docker_image.go:345" },
        "build.cache_from": { forceNew: "internal/provider/resource_docker_image.go:351" },
        "build.security_opt": { forceNew: "internal/provider/resource_docker_image.go:361" },
        "build.extra_hosts": { forceNew: "internal/provider/resource_docker_image.go:371" },
        "build.target": { forceNew: "internal/provider/resource_docker_image.go:381" },
        "build.session_id": { forceNew: "internal/provider/resource_docker_image.go:387" },
        "build.platform": { forceNew: "internal/provider/resource_docker_image.go:393" },
        "build.version": { forceNew: "internal/provider/resource_docker_image.go:399" },
        "build.build_id": { forceNew: "internal/provider/resource_docker_image.go:405" },
        "build.builder": { forceNew: "internal/provider/resource_docker_image.go:411" },
        "build.build_log_file": { forceNew: "internal/provider/resource_docker_image.go:417" },
        triggers: { forceNew: "internal/provider/resource_docker_image.go:426" },
        platform: {
          forceNew: "internal/provider/resource_docker_image.go:433",
          default: { value: "", source: "internal/provider/resource_docker_image.go:432" },
        },
      },
    },
    docker_registry_image: {
      source: "internal/provider/resource_docker_registry_image.go:16",
      attributes: {
        name: { forceNew: "internal/provider/resource_docker_registry_image.go:21" },
        keep_remotely: { default: { value: false, source: "internal/provider/resource_docker_registry_image.go:27" } },
        insecure_skip_verify: {
          default: { value: false, source: "internal/provider/resource_docker_registry_image.go:35" },
        },
        triggers: { forceNew: "internal/provider/resource_docker_registry_image.go:42" },
        auth_config: { maxItems: { value: 1, source: "internal/provider/authentication_helpers.go:186" } },
        "auth_config.password": { sensitive: "internal/provider/authentication_helpers.go:203" },
      },
    },
  },
  dataSources: {},
};
