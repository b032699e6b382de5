// Provider facts of the GKE and VPC types in hashicorp/terraform-provider-google
// at v6.50.0: google_container_cluster, google_container_node_pool, the
// google_container_cluster data source, google_compute_network,
// google_compute_subnetwork and google_compute_address.
//
// How they were gathered: a throwaway reader (not part of this repository) of
// the Go schema literals at the tag walked each type's schema map, following
// the helpers it calls (schemaNodeConfig, schemaNodePool, schemaBootDiskConfig,
// clusterSchemaNodePoolDefaults, ...) and the package variables it names
// (addonsConfigKeys, cidrBlockConfig, ...), and wrote one entry per attribute
// with a fact, citing the line of each flag or validator. Named validators were
// translated by hand into the Check they amount to; the inline ValidateFunc of
// the cluster's `name` was read by hand. A second throwaway check confirmed that
// every cited line at the tag holds the flag, the validator or the attribute.
//
// What the schema flags mean here (terraform-plugin-sdk v2.37.0, the
// provider's go.mod; helper/schema/schema.go diffList and diffSet):
// - `forceNew` on a list or set of blocks (node_config, ip_allocation_policy,
//   ...) replaces the resource when its item count changes; a change inside a
//   block replaces only if the changed attribute is itself forceNew.
// - `forceNew` on a list or set of plain values (node_config.oauth_scopes):
//   it also covers each element, so any change replaces.
// - `node_pool` of the cluster is forceNew: adding or removing a pool there
//   recreates the cluster (the provider's own note on the field).
//
// Possibly incomplete, or not representable as schema facts:
// - validation.FloatBetween(0.0, 1.0) (blue_green_settings ...
//   standard_rollout_policy.batch_percentage) is left out: no Check kind is a
//   range of floats.
// - Some validators check more than a regex can say; their regex is what a valid
//   value must look like, so it never rejects a value the provider accepts, but
//   it lets through some the provider rejects: verify.ValidateIpCidrRange
//   (net.ParseCIDR; exact for IPv4, IPv6 only roughly shaped),
//   validation.IsCIDRNetwork and verify.ValidateRFC1918Network (the provider
//   also wants the host bits zero: 10.0.0.1/8 passes here, not there),
//   verify.ValidateRFC3339Date (time.Parse also checks the calendar and clock).
// - Decisions made in CustomizeDiff or at apply time are not schema facts and
//   are not here: the cluster's ForceNewIfChange on enable_l4_ilb_subsetting and
//   enable_fqdn_network_policy (resource_container_cluster.go:239-240), the
//   subnetwork's replacement when ip_cidr_range shrinks
//   (resource_compute_subnetwork.go:122), the autopilot and node-version diffs,
//   and "Cannot specify both name and name_prefix for a node_pool"
//   (resource_container_node_pool.go:943), which fails only at create.
// - The provider does not limit node pool names: `name` of
//   google_container_node_pool has no validator at the tag
//   (resource_container_node_pool.go:339-345); the 40-character limit is the
//   GKE API's, so only an apply would tell. The cluster's `name` is limited to
//   40 characters by the provider itself (its inline ValidateFunc).
// - Computed-only attributes (endpoint, master_auth.cluster_ca_certificate,
//   self_link, ...) have no fact kind and are absent.
import { ProviderFacts, TypeFacts } from "./types";

type Attributes = TypeFacts["attributes"];

/** The facts of a shared schema, with its paths moved under the block `prefix` ("" is the block itself). */
function under(prefix: string, attributes: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([path, facts]) => [path === "" ? prefix : `${prefix}.${path}`, facts])
  );
}

/** The provider's `addonsConfigKeys` (resource_container_cluster.go:98), translated to dotted paths. */
const addonsConfigKeys = [
  "addons_config.http_load_balancing",
  "addons_config.horizontal_pod_autoscaling",
  "addons_config.network_policy_config",
  "addons_config.cloudrun_config",
  "addons_config.gcp_filestore_csi_driver_config",
  "addons_config.dns_cache_config",
  "addons_config.gce_persistent_disk_csi_driver_config",
  "addons_config.gke_backup_agent_config",
  "addons_config.config_connector_config",
  "addons_config.gcs_fuse_csi_driver_config",
  "addons_config.stateful_ha_config",
  "addons_config.ray_operator_config",
  "addons_config.parallelstore_csi_driver_config",
  "addons_config.lustre_csi_driver_config",
];

/** The provider's `ipAllocationCidrBlockFields` (resource_container_cluster.go:95), translated to dotted paths. */
const ipAllocationCidrBlockFields = [
  "ip_allocation_policy.cluster_ipv4_cidr_block",
  "ip_allocation_policy.services_ipv4_cidr_block",
];

/** The provider's `ipAllocationRangeFields` (resource_container_cluster.go:96), translated to dotted paths. */
const ipAllocationRangeFields = [
  "ip_allocation_policy.cluster_secondary_range_name",
  "ip_allocation_policy.services_secondary_range_name",
];

/** The provider's `privateClusterConfigKeys` (resource_container_cluster.go:115), translated to dotted paths. */
const privateClusterConfigKeys = [
  "private_cluster_config.enable_private_endpoint",
  "private_cluster_config.enable_private_nodes",
  "private_cluster_config.master_ipv4_cidr_block",
  "private_cluster_config.private_endpoint_subnetwork",
  "private_cluster_config.master_global_access_config",
];

/**
 * `schemaNodeConfig()` (node_config.go): the cluster's `node_config` (its
 * default pool), each of its `node_pool` blocks and the node pool resource.
 * The key "" is the `node_config` block itself.
 */
const nodeConfig: Attributes = {
  "": {
    forceNew: "google/services/container/node_config.go:141",
    optionalComputed: "google/services/container/node_config.go:140",
    maxItems: { value: 1, source: "google/services/container/node_config.go:143" },
  },
  containerd_config: {
    maxItems: { value: 1, source: "google/services/container/node_config.go:50" },
  },
  "containerd_config.private_registry_access_config": {
    maxItems: { value: 1, source: "google/services/container/node_config.go:56" },
  },
  "containerd_config.private_registry_access_config.certificate_authority_domain_config.gcp_secret_manager_certificate_config":
    {
      maxItems: { value: 1, source: "google/services/container/node_config.go:78" },
    },
  disk_size_gb: {
    optionalComputed: "google/services/container/node_config.go:150",
    checks: [
      {
        kind: "intRange",
        min: 10,
        name: "validation.IntAtLeast",
        message: "expected to be at least (10)",
        source: "google/services/container/node_config.go:151",
      },
    ],
  },
  disk_type: {
    optionalComputed: "google/services/container/node_config.go:158",
  },
  boot_disk: {
    optionalComputed: "google/services/container/node_config.go:1035",
    maxItems: { value: 1, source: "google/services/container/node_config.go:1036" },
  },
  "boot_disk.disk_type": {
    optionalComputed: "google/services/container/node_config.go:1043",
  },
  "boot_disk.size_gb": {
    optionalComputed: "google/services/container/node_config.go:1049",
    checks: [
      {
        kind: "intRange",
        min: 10,
        name: "validation.IntAtLeast",
        message: "expected to be at least (10)",
        source: "google/services/container/node_config.go:1050",
      },
    ],
  },
  "boot_disk.provisioned_iops": {
    optionalComputed: "google/services/container/node_config.go:1056",
  },
  "boot_disk.provisioned_throughput": {
    optionalComputed: "google/services/container/node_config.go:1062",
  },
  guest_accelerator: {
    forceNew: "google/services/container/node_config.go:168",
    optionalComputed: "google/services/container/node_config.go:167",
  },
  "guest_accelerator.count": {
    forceNew: "google/services/container/node_config.go:175",
  },
  "guest_accelerator.type": {
    forceNew: "google/services/container/node_config.go:181",
  },
  "guest_accelerator.gpu_driver_installation_config": {
    forceNew: "google/services/container/node_config.go:190",
    optionalComputed: "google/services/container/node_config.go:189",
    maxItems: { value: 1, source: "google/services/container/node_config.go:187" },
  },
  "guest_accelerator.gpu_driver_installation_config.gpu_driver_version": {
    forceNew: "google/services/container/node_config.go:197",
    checks: [
      {
        kind: "oneOf",
        values: ["GPU_DRIVER_VERSION_UNSPECIFIED", "INSTALLATION_DISABLED", "DEFAULT", "LATEST"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["GPU_DRIVER_VERSION_UNSPECIFIED" "INSTALLATION_DISABLED" "DEFAULT" "LATEST"]',
        source: "google/services/container/node_config.go:199",
      },
    ],
  },
  "guest_accelerator.gpu_partition_size": {
    forceNew: "google/services/container/node_config.go:207",
  },
  "guest_accelerator.gpu_sharing_config": {
    forceNew: "google/services/container/node_config.go:214",
    maxItems: { value: 1, source: "google/services/container/node_config.go:212" },
  },
  "guest_accelerator.gpu_sharing_config.gpu_sharing_strategy": {
    forceNew: "google/services/container/node_config.go:221",
  },
  "guest_accelerator.gpu_sharing_config.max_shared_clients_per_gpu": {
    forceNew: "google/services/container/node_config.go:227",
  },
  image_type: {
    optionalComputed: "google/services/container/node_config.go:240",
  },
  labels: {
    optionalComputed: "google/services/container/node_config.go:249",
  },
  local_ssd_count: {
    forceNew: "google/services/container/node_config.go:266",
    optionalComputed: "google/services/container/node_config.go:265",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/node_config.go:267",
      },
    ],
  },
  logging_variant: {
    optionalComputed: "google/services/container/node_config.go:111",
    checks: [
      {
        kind: "oneOf",
        values: ["DEFAULT", "MAX_THROUGHPUT"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["DEFAULT" "MAX_THROUGHPUT"]',
        source: "google/services/container/node_config.go:113",
      },
    ],
  },
  ephemeral_storage_local_ssd_config: {
    forceNew: "google/services/container/node_config.go:278",
    maxItems: { value: 1, source: "google/services/container/node_config.go:276" },
  },
  "ephemeral_storage_local_ssd_config.local_ssd_count": {
    forceNew: "google/services/container/node_config.go:284",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/node_config.go:285",
      },
    ],
  },
  "ephemeral_storage_local_ssd_config.data_cache_count": {
    forceNew: "google/services/container/node_config.go:291",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/node_config.go:292",
      },
    ],
  },
  local_nvme_ssd_block_config: {
    forceNew: "google/services/container/node_config.go:304",
    maxItems: { value: 1, source: "google/services/container/node_config.go:302" },
  },
  "local_nvme_ssd_block_config.local_ssd_count": {
    forceNew: "google/services/container/node_config.go:310",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/node_config.go:311",
      },
    ],
  },
  secondary_boot_disks: {
    forceNew: "google/services/container/node_config.go:323",
    maxItems: { value: 127, source: "google/services/container/node_config.go:321" },
  },
  "secondary_boot_disks.disk_image": {
    forceNew: "google/services/container/node_config.go:329",
  },
  "secondary_boot_disks.mode": {
    forceNew: "google/services/container/node_config.go:335",
  },
  gcfs_config: {
    optionalComputed: "google/services/container/node_config.go:121",
    maxItems: { value: 1, source: "google/services/container/node_config.go:122" },
  },
  gvnic: {
    maxItems: { value: 1, source: "google/services/container/node_config.go:347" },
  },
  machine_type: {
    optionalComputed: "google/services/container/node_config.go:363",
  },
  metadata: {
    forceNew: "google/services/container/node_config.go:371",
    optionalComputed: "google/services/container/node_config.go:370",
  },
  min_cpu_platform: {
    forceNew: "google/services/container/node_config.go:380",
    optionalComputed: "google/services/container/node_config.go:379",
  },
  oauth_scopes: {
    forceNew: "google/services/container/node_config.go:388",
    optionalComputed: "google/services/container/node_config.go:387",
  },
  preemptible: {
    forceNew: "google/services/container/node_config.go:403",
    default: { value: false, source: "google/services/container/node_config.go:404" },
  },
  reservation_affinity: {
    forceNew: "google/services/container/node_config.go:412",
    maxItems: { value: 1, source: "google/services/container/node_config.go:410" },
  },
  "reservation_affinity.consume_reservation_type": {
    forceNew: "google/services/container/node_config.go:418",
    checks: [
      {
        kind: "oneOf",
        values: ["UNSPECIFIED", "NO_RESERVATION", "ANY_RESERVATION", "SPECIFIC_RESERVATION"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["UNSPECIFIED" "NO_RESERVATION" "ANY_RESERVATION" "SPECIFIC_RESERVATION"]',
        source: "google/services/container/node_config.go:420",
      },
    ],
  },
  "reservation_affinity.key": {
    forceNew: "google/services/container/node_config.go:425",
  },
  "reservation_affinity.values": {
    forceNew: "google/services/container/node_config.go:431",
  },
  spot: {
    forceNew: "google/services/container/node_config.go:443",
    default: { value: false, source: "google/services/container/node_config.go:444" },
  },
  service_account: {
    forceNew: "google/services/container/node_config.go:452",
    optionalComputed: "google/services/container/node_config.go:451",
  },
  shielded_instance_config: {
    forceNew: "google/services/container/node_config.go:474",
    optionalComputed: "google/services/container/node_config.go:473",
    maxItems: { value: 1, source: "google/services/container/node_config.go:476" },
  },
  "shielded_instance_config.enable_secure_boot": {
    forceNew: "google/services/container/node_config.go:482",
    default: { value: false, source: "google/services/container/node_config.go:483" },
  },
  "shielded_instance_config.enable_integrity_monitoring": {
    forceNew: "google/services/container/node_config.go:489",
    default: { value: true, source: "google/services/container/node_config.go:490" },
  },
  "taint.effect": {
    checks: [
      {
        kind: "oneOf",
        values: ["NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["NO_SCHEDULE" "PREFER_NO_SCHEDULE" "NO_EXECUTE"]',
        source: "google/services/container/node_config.go:516",
      },
    ],
  },
  workload_metadata_config: {
    optionalComputed: "google/services/container/node_config.go:549",
    maxItems: { value: 1, source: "google/services/container/node_config.go:552" },
  },
  "workload_metadata_config.mode": {
    checks: [
      {
        kind: "oneOf",
        values: ["MODE_UNSPECIFIED", "GCE_METADATA", "GKE_METADATA"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["MODE_UNSPECIFIED" "GCE_METADATA" "GKE_METADATA"]',
        source: "google/services/container/node_config.go:559",
      },
    ],
  },
  boot_disk_kms_key: {
    forceNew: "google/services/container/node_config.go:569",
  },
  kubelet_config: {
    optionalComputed: "google/services/container/node_config.go:577",
    maxItems: { value: 1, source: "google/services/container/node_config.go:578" },
  },
  "kubelet_config.cpu_manager_policy": {
    checks: [
      {
        kind: "oneOf",
        values: ["static", "none", ""],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["static" "none" ""]',
        source: "google/services/container/node_config.go:585",
      },
    ],
  },
  "kubelet_config.insecure_kubelet_readonly_port_enabled": {
    optionalComputed: "google/services/container/node_config.go:101",
    checks: [
      {
        kind: "oneOf",
        values: ["FALSE", "TRUE"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["FALSE" "TRUE"]',
        source: "google/services/container/node_config.go:103",
      },
    ],
  },
  "kubelet_config.max_parallel_image_pulls": {
    optionalComputed: "google/services/container/node_config.go:607",
  },
  "kubelet_config.eviction_soft": {
    maxItems: { value: 1, source: "google/services/container/node_config.go:659" },
  },
  "kubelet_config.eviction_soft_grace_period": {
    maxItems: { value: 1, source: "google/services/container/node_config.go:699" },
  },
  "kubelet_config.eviction_minimum_reclaim": {
    maxItems: { value: 1, source: "google/services/container/node_config.go:739" },
  },
  linux_node_config: {
    optionalComputed: "google/services/container/node_config.go:783",
    maxItems: { value: 1, source: "google/services/container/node_config.go:782" },
  },
  "linux_node_config.cgroup_mode": {
    optionalComputed: "google/services/container/node_config.go:796",
    checks: [
      {
        kind: "oneOf",
        values: ["CGROUP_MODE_UNSPECIFIED", "CGROUP_MODE_V1", "CGROUP_MODE_V2"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["CGROUP_MODE_UNSPECIFIED" "CGROUP_MODE_V1" "CGROUP_MODE_V2"]',
        source: "google/services/container/node_config.go:797",
      },
    ],
  },
  "linux_node_config.transparent_hugepage_enabled": {
    optionalComputed: "google/services/container/node_config.go:804",
    checks: [
      {
        kind: "oneOf",
        values: [
          "TRANSPARENT_HUGEPAGE_ENABLED_ALWAYS",
          "TRANSPARENT_HUGEPAGE_ENABLED_MADVISE",
          "TRANSPARENT_HUGEPAGE_ENABLED_NEVER",
          "TRANSPARENT_HUGEPAGE_ENABLED_UNSPECIFIED",
        ],
        name: "validation.StringInSlice",
        message:
          'expected to be one of ["TRANSPARENT_HUGEPAGE_ENABLED_ALWAYS" "TRANSPARENT_HUGEPAGE_ENABLED_MADVISE" "TRANSPARENT_HUGEPAGE_ENABLED_NEVER" "TRANSPARENT_HUGEPAGE_ENABLED_UNSPECIFIED"]',
        source: "google/services/container/node_config.go:805",
      },
    ],
  },
  "linux_node_config.transparent_hugepage_defrag": {
    checks: [
      {
        kind: "oneOf",
        values: [
          "TRANSPARENT_HUGEPAGE_DEFRAG_ALWAYS",
          "TRANSPARENT_HUGEPAGE_DEFRAG_DEFER",
          "TRANSPARENT_HUGEPAGE_DEFRAG_DEFER_WITH_MADVISE",
          "TRANSPARENT_HUGEPAGE_DEFRAG_MADVISE",
          "TRANSPARENT_HUGEPAGE_DEFRAG_NEVER",
          "TRANSPARENT_HUGEPAGE_DEFRAG_UNSPECIFIED",
        ],
        name: "validation.StringInSlice",
        message:
          'expected to be one of ["TRANSPARENT_HUGEPAGE_DEFRAG_ALWAYS" "TRANSPARENT_HUGEPAGE_DEFRAG_DEFER" "TRANSPARENT_HUGEPAGE_DEFRAG_DEFER_WITH_MADVISE" "TRANSPARENT_HUGEPAGE_DEFRAG_MADVISE" "TRANSPARENT_HUGEPAGE_DEFRAG_NEVER" "TRANSPARENT_HUGEPAGE_DEFRAG_UNSPECIFIED"]',
        source: "google/services/container/node_config.go:812",
      },
    ],
  },
  "linux_node_config.hugepages_config": {
    maxItems: { value: 1, source: "google/services/container/node_config.go:819" },
  },
  windows_node_config: {
    optionalComputed: "google/services/container/node_config.go:842",
    maxItems: { value: 1, source: "google/services/container/node_config.go:843" },
  },
  "windows_node_config.osversion": {
    default: { value: "OS_VERSION_UNSPECIFIED", source: "google/services/container/node_config.go:850" },
    checks: [
      {
        kind: "oneOf",
        values: ["OS_VERSION_UNSPECIFIED", "OS_VERSION_LTSC2019", "OS_VERSION_LTSC2022"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["OS_VERSION_UNSPECIFIED" "OS_VERSION_LTSC2019" "OS_VERSION_LTSC2022"]',
        source: "google/services/container/node_config.go:852",
      },
    ],
  },
  node_group: {
    forceNew: "google/services/container/node_config.go:860",
  },
  advanced_machine_features: {
    forceNew: "google/services/container/node_config.go:869",
    maxItems: { value: 1, source: "google/services/container/node_config.go:867" },
  },
  "advanced_machine_features.threads_per_core": {
    forceNew: "google/services/container/node_config.go:875",
  },
  "advanced_machine_features.enable_nested_virtualization": {
    forceNew: "google/services/container/node_config.go:881",
  },
  "advanced_machine_features.performance_monitoring_unit": {
    checks: [
      {
        kind: "oneOf",
        values: ["ARCHITECTURAL", "STANDARD", "ENHANCED"],
        name: "verify.ValidateEnum",
        message: 'expected to be one of ["ARCHITECTURAL" "STANDARD" "ENHANCED"]',
        source: "google/services/container/node_config.go:887",
      },
    ],
  },
  sole_tenant_config: {
    forceNew: "google/services/container/node_config.go:897",
    maxItems: { value: 1, source: "google/services/container/node_config.go:898" },
  },
  "sole_tenant_config.node_affinity": {
    forceNew: "google/services/container/node_config.go:904",
  },
  "sole_tenant_config.node_affinity.key": {
    forceNew: "google/services/container/node_config.go:911",
  },
  "sole_tenant_config.node_affinity.operator": {
    forceNew: "google/services/container/node_config.go:917",
    checks: [
      {
        kind: "oneOf",
        values: ["IN", "NOT_IN"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["IN" "NOT_IN"]',
        source: "google/services/container/node_config.go:919",
      },
    ],
  },
  "sole_tenant_config.node_affinity.values": {
    forceNew: "google/services/container/node_config.go:924",
  },
  host_maintenance_policy: {
    forceNew: "google/services/container/node_config.go:943",
    maxItems: { value: 1, source: "google/services/container/node_config.go:944" },
  },
  "host_maintenance_policy.maintenance_interval": {
    forceNew: "google/services/container/node_config.go:950",
    checks: [
      {
        kind: "oneOf",
        values: ["MAINTENANCE_INTERVAL_UNSPECIFIED", "AS_NEEDED", "PERIODIC"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["MAINTENANCE_INTERVAL_UNSPECIFIED" "AS_NEEDED" "PERIODIC"]',
        source: "google/services/container/node_config.go:952",
      },
    ],
  },
  confidential_nodes: {
    optionalComputed: "google/services/container/node_config.go:960",
    maxItems: { value: 1, source: "google/services/container/node_config.go:961" },
  },
  "confidential_nodes.confidential_instance_type": {
    forceNew: "google/services/container/node_config.go:973",
    checks: [
      {
        kind: "oneOf",
        values: ["SEV", "SEV_SNP", "TDX"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["SEV" "SEV_SNP" "TDX"]',
        source: "google/services/container/node_config.go:976",
      },
    ],
  },
  fast_socket: {
    maxItems: { value: 1, source: "google/services/container/node_config.go:984" },
  },
  enable_confidential_storage: {
    forceNew: "google/services/container/node_config.go:1004",
  },
  local_ssd_encryption_mode: {
    forceNew: "google/services/container/node_config.go:1010",
    checks: [
      {
        kind: "oneOf",
        values: ["STANDARD_ENCRYPTION", "EPHEMERAL_KEY_ENCRYPTION"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["STANDARD_ENCRYPTION" "EPHEMERAL_KEY_ENCRYPTION"]',
        source: "google/services/container/node_config.go:1011",
      },
    ],
  },
  max_run_duration: {
    forceNew: "google/services/container/node_config.go:1017",
  },
  flex_start: {
    forceNew: "google/services/container/node_config.go:1023",
  },
};

/** `schemaNodePool`: the node pool resource and each `node_pool` block of the cluster share it. */
const nodePool: Attributes = {
  ...under("node_config", nodeConfig),
  autoscaling: {
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:150" },
  },
  "autoscaling.min_node_count": {
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:157",
      },
    ],
  },
  "autoscaling.max_node_count": {
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:164",
      },
    ],
  },
  "autoscaling.total_min_node_count": {
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:171",
      },
    ],
  },
  "autoscaling.total_max_node_count": {
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:178",
      },
    ],
  },
  "autoscaling.location_policy": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:185",
    checks: [
      {
        kind: "oneOf",
        values: ["BALANCED", "ANY"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["BALANCED" "ANY"]',
        source: "google/services/container/resource_container_node_pool.go:186",
      },
    ],
  },
  placement_policy: {
    forceNew: "google/services/container/resource_container_node_pool.go:198",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:196" },
  },
  "placement_policy.policy_name": {
    forceNew: "google/services/container/resource_container_node_pool.go:209",
  },
  queued_provisioning: {
    forceNew: "google/services/container/resource_container_node_pool.go:226",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:224" },
  },
  "queued_provisioning.enabled": {
    forceNew: "google/services/container/resource_container_node_pool.go:232",
  },
  max_pods_per_node: {
    forceNew: "google/services/container/resource_container_node_pool.go:242",
    optionalComputed: "google/services/container/resource_container_node_pool.go:243",
  },
  node_locations: {
    optionalComputed: "google/services/container/resource_container_node_pool.go:250",
  },
  upgrade_settings: {
    optionalComputed: "google/services/container/resource_container_node_pool.go:258",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:259" },
  },
  "upgrade_settings.max_surge": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:266",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:267",
      },
    ],
  },
  "upgrade_settings.max_unavailable": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:274",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:275",
      },
    ],
  },
  "upgrade_settings.strategy": {
    default: { value: "SURGE", source: "google/services/container/resource_container_node_pool.go:282" },
    checks: [
      {
        kind: "oneOf",
        values: ["SURGE", "BLUE_GREEN"],
        name: "validation.StringInSlice",
        message: 'expected to be one of ["SURGE" "BLUE_GREEN"]',
        source: "google/services/container/resource_container_node_pool.go:283",
      },
    ],
  },
  "upgrade_settings.blue_green_settings": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:102",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:103" },
  },
  "upgrade_settings.blue_green_settings.standard_rollout_policy": {
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:109" },
  },
  "upgrade_settings.blue_green_settings.standard_rollout_policy.batch_percentage": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:116",
  },
  "upgrade_settings.blue_green_settings.standard_rollout_policy.batch_node_count": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:123",
  },
  "upgrade_settings.blue_green_settings.standard_rollout_policy.batch_soak_duration": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:129",
  },
  "upgrade_settings.blue_green_settings.node_pool_soak_duration": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:138",
  },
  initial_node_count: {
    forceNew: "google/services/container/resource_container_node_pool.go:295",
    optionalComputed: "google/services/container/resource_container_node_pool.go:296",
  },
  management: {
    optionalComputed: "google/services/container/resource_container_node_pool.go:317",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:318" },
  },
  "management.auto_repair": {
    default: { value: true, source: "google/services/container/resource_container_node_pool.go:325" },
  },
  "management.auto_upgrade": {
    default: { value: true, source: "google/services/container/resource_container_node_pool.go:332" },
  },
  name: {
    forceNew: "google/services/container/resource_container_node_pool.go:343",
    optionalComputed: "google/services/container/resource_container_node_pool.go:342",
  },
  name_prefix: {
    forceNew: "google/services/container/resource_container_node_pool.go:351",
    optionalComputed: "google/services/container/resource_container_node_pool.go:350",
  },
  node_count: {
    optionalComputed: "google/services/container/resource_container_node_pool.go:360",
    checks: [
      {
        kind: "intRange",
        min: 0,
        name: "validation.IntAtLeast",
        message: "expected to be at least (0)",
        source: "google/services/container/resource_container_node_pool.go:361",
      },
    ],
  },
  version: {
    optionalComputed: "google/services/container/resource_container_node_pool.go:368",
  },
  network_config: {
    optionalComputed: "google/services/container/resource_container_node_pool.go:375",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:376" },
  },
  "network_config.create_pod_range": {
    forceNew: "google/services/container/resource_container_node_pool.go:383",
  },
  "network_config.enable_private_nodes": {
    optionalComputed: "google/services/container/resource_container_node_pool.go:389",
  },
  "network_config.pod_range": {
    forceNew: "google/services/container/resource_container_node_pool.go:395",
    optionalComputed: "google/services/container/resource_container_node_pool.go:396",
  },
  "network_config.pod_ipv4_cidr_block": {
    forceNew: "google/services/container/resource_container_node_pool.go:402",
    optionalComputed: "google/services/container/resource_container_node_pool.go:403",
  },
  "network_config.additional_node_network_configs": {
    forceNew: "google/services/container/resource_container_node_pool.go:410",
  },
  "network_config.additional_node_network_configs.network": {
    forceNew: "google/services/container/resource_container_node_pool.go:417",
  },
  "network_config.additional_node_network_configs.subnetwork": {
    forceNew: "google/services/container/resource_container_node_pool.go:423",
  },
  "network_config.additional_pod_network_configs": {
    forceNew: "google/services/container/resource_container_node_pool.go:432",
  },
  "network_config.additional_pod_network_configs.subnetwork": {
    forceNew: "google/services/container/resource_container_node_pool.go:439",
  },
  "network_config.additional_pod_network_configs.secondary_pod_range": {
    forceNew: "google/services/container/resource_container_node_pool.go:445",
  },
  "network_config.additional_pod_network_configs.max_pods_per_node": {
    forceNew: "google/services/container/resource_container_node_pool.go:451",
    optionalComputed: "google/services/container/resource_container_node_pool.go:452",
  },
  "network_config.pod_cidr_overprovision_config": {
    forceNew: "google/services/container/resource_container_node_pool.go:462",
    optionalComputed: "google/services/container/resource_container_node_pool.go:461",
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:463" },
  },
  "network_config.network_performance_config": {
    maxItems: { value: 1, source: "google/services/container/resource_container_node_pool.go:477" },
  },
};

export const googleContainerFacts: Pick<ProviderFacts, "resources" | "dataSources"> = {
  resources: {
    google_container_cluster: {
      source: "google/services/container/resource_container_cluster.go:230",
      attributes: {
        ...under("node_config", nodeConfig),
        ...under("node_pool", nodePool),
        name: {
          forceNew: "google/services/container/resource_container_cluster.go:275",
          checks: [
            {
              kind: "length",
              max: 40,
              name: "inline ValidateFunc of name",
              message: "cannot be longer than 40 characters",
              source: "google/services/container/resource_container_cluster.go:280",
            },
            {
              kind: "regex",
              pattern: "^[a-z0-9-]+$",
              name: "inline ValidateFunc of name",
              message: "can only contain lowercase letters, numbers and hyphens",
              source: "google/services/container/resource_container_cluster.go:284",
            },
            {
              kind: "regex",
              pattern: "^[a-z]",
              name: "inline ValidateFunc of name",
              message: "must start with a letter",
              source: "google/services/container/resource_container_cluster.go:288",
            },
            {
              kind: "regex",
              pattern: "[a-z0-9]$",
              name: "inline ValidateFunc of name",
              message: "must end with a number or a letter",
              source: "google/services/container/resource_container_cluster.go:292",
            },
          ],
        },
        location: {
          forceNew: "google/services/container/resource_container_cluster.go:309",
          optionalComputed: "google/services/container/resource_container_cluster.go:308",
        },
        node_locations: {
          optionalComputed: "google/services/container/resource_container_cluster.go:316",
        },
        deletion_protection: {
          default: { value: true, source: "google/services/container/resource_container_cluster.go:324" },
        },
        addons_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:331",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:332" },
        },
        "addons_config.http_load_balancing": {
          optionalComputed: "google/services/container/resource_container_cluster.go:339",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:341" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:340",
          },
        },
        "addons_config.horizontal_pod_autoscaling": {
          optionalComputed: "google/services/container/resource_container_cluster.go:355",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:357" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:356",
          },
        },
        "addons_config.network_policy_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:371",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:373" },
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:375",
          },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:372",
          },
        },
        "addons_config.gcp_filestore_csi_driver_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:388",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:390" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:389",
          },
        },
        "addons_config.cloudrun_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:404",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:406" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:405",
          },
        },
        "addons_config.cloudrun_config.load_balancer_type": {
          checks: [
            {
              kind: "oneOf",
              values: ["LOAD_BALANCER_TYPE_INTERNAL"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["LOAD_BALANCER_TYPE_INTERNAL"]',
              source: "google/services/container/resource_container_cluster.go:416",
            },
          ],
        },
        "addons_config.dns_cache_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:425",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:427" },
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:429",
          },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:426",
          },
        },
        "addons_config.gce_persistent_disk_csi_driver_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:442",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:444" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:443",
          },
        },
        "addons_config.gke_backup_agent_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:458",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:460" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:459",
          },
        },
        "addons_config.gcs_fuse_csi_driver_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:474",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:476" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:475",
          },
        },
        "addons_config.parallelstore_csi_driver_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:490",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:492" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:491",
          },
        },
        "addons_config.lustre_csi_driver_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:506",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:508" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:507",
          },
        },
        "addons_config.config_connector_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:529",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:531" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:530",
          },
        },
        "addons_config.stateful_ha_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:545",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:547" },
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:549",
          },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:546",
          },
        },
        "addons_config.ray_operator_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:562",
          maxItems: { value: 3, source: "google/services/container/resource_container_cluster.go:564" },
          atLeastOneOf: {
            paths: addonsConfigKeys,
            source: "google/services/container/resource_container_cluster.go:563",
          },
        },
        "addons_config.ray_operator_config.ray_cluster_logging_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:575",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:576" },
        },
        "addons_config.ray_operator_config.ray_cluster_monitoring_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:590",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:591" },
        },
        cluster_autoscaling: {
          optionalComputed: "google/services/container/resource_container_cluster.go:615",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:611" },
        },
        "cluster_autoscaling.enabled": {
          optionalComputed: "google/services/container/resource_container_cluster.go:622",
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:623",
          },
        },
        "cluster_autoscaling.resource_limits": {
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:629",
          },
        },
        "cluster_autoscaling.resource_limits.maximum": {
          checks: [
            {
              kind: "intRange",
              min: 1,
              name: "validation.IntAtLeast",
              message: "expected to be at least (1)",
              source: "google/services/container/resource_container_cluster.go:648",
            },
          ],
        },
        "cluster_autoscaling.auto_provisioning_defaults": {
          optionalComputed: "google/services/container/resource_container_cluster.go:657",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:655" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.oauth_scopes": {
          optionalComputed: "google/services/container/resource_container_cluster.go:664",
        },
        "cluster_autoscaling.auto_provisioning_defaults.service_account": {
          default: { value: "default", source: "google/services/container/resource_container_cluster.go:672" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.disk_size": {
          default: { value: 100, source: "google/services/container/resource_container_cluster.go:678" },
          checks: [
            {
              kind: "intRange",
              min: 10,
              name: "validation.IntAtLeast",
              message: "expected to be at least (10)",
              source: "google/services/container/resource_container_cluster.go:681",
            },
          ],
        },
        "cluster_autoscaling.auto_provisioning_defaults.disk_type": {
          default: { value: "pd-standard", source: "google/services/container/resource_container_cluster.go:686" },
          checks: [
            {
              kind: "oneOf",
              values: ["pd-standard", "pd-ssd", "pd-balanced"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["pd-standard" "pd-ssd" "pd-balanced"]',
              source: "google/services/container/resource_container_cluster.go:689",
            },
          ],
        },
        "cluster_autoscaling.auto_provisioning_defaults.image_type": {
          default: { value: "COS_CONTAINERD", source: "google/services/container/resource_container_cluster.go:694" },
          checks: [
            {
              kind: "oneOf",
              values: ["COS_CONTAINERD", "COS", "UBUNTU_CONTAINERD", "UBUNTU"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["COS_CONTAINERD" "COS" "UBUNTU_CONTAINERD" "UBUNTU"]',
              source: "google/services/container/resource_container_cluster.go:697",
            },
          ],
        },
        "cluster_autoscaling.auto_provisioning_defaults.boot_disk_kms_key": {
          forceNew: "google/services/container/resource_container_cluster.go:708",
        },
        "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:715" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config.enable_secure_boot": {
          atLeastOneOf: {
            paths: [
              "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config.enable_secure_boot",
              "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config.enable_integrity_monitoring",
            ],
            source: "google/services/container/resource_container_cluster.go:723",
          },
          default: { value: false, source: "google/services/container/resource_container_cluster.go:721" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config.enable_integrity_monitoring": {
          atLeastOneOf: {
            paths: [
              "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config.enable_secure_boot",
              "cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config.enable_integrity_monitoring",
            ],
            source: "google/services/container/resource_container_cluster.go:733",
          },
          default: { value: true, source: "google/services/container/resource_container_cluster.go:731" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.management": {
          optionalComputed: "google/services/container/resource_container_cluster.go:744",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:745" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.management.auto_upgrade": {
          optionalComputed: "google/services/container/resource_container_cluster.go:752",
        },
        "cluster_autoscaling.auto_provisioning_defaults.management.auto_repair": {
          optionalComputed: "google/services/container/resource_container_cluster.go:758",
        },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings": {
          optionalComputed: "google/services/container/resource_container_cluster.go:787",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:788" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.strategy": {
          optionalComputed: "google/services/container/resource_container_cluster.go:804",
          checks: [
            {
              kind: "oneOf",
              values: ["NODE_POOL_UPDATE_STRATEGY_UNSPECIFIED", "BLUE_GREEN", "SURGE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["NODE_POOL_UPDATE_STRATEGY_UNSPECIFIED" "BLUE_GREEN" "SURGE"]',
              source: "google/services/container/resource_container_cluster.go:806",
            },
          ],
        },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings": {
          optionalComputed: "google/services/container/resource_container_cluster.go:811",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:812" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.node_pool_soak_duration": {
          optionalComputed: "google/services/container/resource_container_cluster.go:819",
        },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy": {
          optionalComputed: "google/services/container/resource_container_cluster.go:827",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:828" },
        },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_percentage":
          {
            optionalComputed: "google/services/container/resource_container_cluster.go:835",
            exactlyOneOf: {
              paths: [
                "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_percentage",
                "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_node_count",
              ],
              source: "google/services/container/resource_container_cluster.go:837",
            },
          },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_node_count":
          {
            optionalComputed: "google/services/container/resource_container_cluster.go:846",
            exactlyOneOf: {
              paths: [
                "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_percentage",
                "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_node_count",
              ],
              source: "google/services/container/resource_container_cluster.go:847",
            },
          },
        "cluster_autoscaling.auto_provisioning_defaults.upgrade_settings.blue_green_settings.standard_rollout_policy.batch_soak_duration":
          {
            default: { value: "0s", source: "google/services/container/resource_container_cluster.go:856" },
          },
        "cluster_autoscaling.auto_provisioning_locations": {
          optionalComputed: "google/services/container/resource_container_cluster.go:876",
        },
        "cluster_autoscaling.autoscaling_profile": {
          default: { value: "BALANCED", source: "google/services/container/resource_container_cluster.go:882" },
          checks: [
            {
              kind: "oneOf",
              values: ["BALANCED", "OPTIMIZE_UTILIZATION"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["BALANCED" "OPTIMIZE_UTILIZATION"]',
              source: "google/services/container/resource_container_cluster.go:885",
            },
          ],
        },
        cluster_ipv4_cidr: {
          forceNew: "google/services/container/resource_container_cluster.go:896",
          optionalComputed: "google/services/container/resource_container_cluster.go:895",
          conflictsWith: {
            paths: ["ip_allocation_policy"],
            source: "google/services/container/resource_container_cluster.go:898",
          },
          checks: [
            {
              kind: "regex",
              pattern:
                "^$|^(?:10(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|172\\.(?:1[6-9]|2[0-9]|3[01])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){2}|192\\.168(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){2})/(?:[89]|[12][0-9]|3[0-2])$",
              name: "verify.OrEmpty(verify.ValidateRFC1918Network(8, 32))",
              message:
                "expected to be empty or an RFC1918-compliant network CIDR with between 8 and 32 significant bits",
              source: "google/services/container/resource_container_cluster.go:897",
            },
          ],
        },
        description: {
          forceNew: "google/services/container/resource_container_cluster.go:905",
        },
        binary_authorization: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:913" },
        },
        "binary_authorization.enabled": {
          conflictsWith: {
            paths: ["enable_autopilot", "binary_authorization.evaluation_mode"],
            source: "google/services/container/resource_container_cluster.go:922",
          },
        },
        "binary_authorization.evaluation_mode": {
          optionalComputed: "google/services/container/resource_container_cluster.go:927",
          conflictsWith: {
            paths: ["binary_authorization.enabled"],
            source: "google/services/container/resource_container_cluster.go:930",
          },
          checks: [
            {
              kind: "oneOf",
              values: ["DISABLED", "PROJECT_SINGLETON_POLICY_ENFORCE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["DISABLED" "PROJECT_SINGLETON_POLICY_ENFORCE"]',
              source: "google/services/container/resource_container_cluster.go:928",
            },
          ],
        },
        enable_kubernetes_alpha: {
          forceNew: "google/services/container/resource_container_cluster.go:939",
          default: { value: false, source: "google/services/container/resource_container_cluster.go:940" },
        },
        enable_k8s_beta_apis: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:947" },
        },
        enable_tpu: {
          forceNew: "google/services/container/resource_container_cluster.go:964",
        },
        enable_legacy_abac: {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:971" },
        },
        enable_shielded_nodes: {
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:980",
          },
          default: { value: true, source: "google/services/container/resource_container_cluster.go:978" },
        },
        enable_autopilot: {
          forceNew: "google/services/container/resource_container_cluster.go:986",
        },
        authenticator_groups_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1000",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1001" },
        },
        initial_node_count: {
          forceNew: "google/services/container/resource_container_cluster.go:1017",
        },
        logging_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1024",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1025" },
        },
        "logging_config.enable_components": {
          checks: [
            {
              kind: "oneOf",
              values: [
                "SYSTEM_COMPONENTS",
                "APISERVER",
                "CONTROLLER_MANAGER",
                "KCP_CONNECTION",
                "KCP_SSHD",
                "KCP_HPA",
                "SCHEDULER",
                "WORKLOADS",
              ],
              name: "validation.StringInSlice",
              message:
                'expected to be one of ["SYSTEM_COMPONENTS" "APISERVER" "CONTROLLER_MANAGER" "KCP_CONNECTION" "KCP_SSHD" "KCP_HPA" "SCHEDULER" "WORKLOADS"]',
              source: "google/services/container/resource_container_cluster.go:1035",
            },
          ],
        },
        logging_service: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1045",
          checks: [
            {
              kind: "oneOf",
              values: ["logging.googleapis.com", "logging.googleapis.com/kubernetes", "none"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["logging.googleapis.com" "logging.googleapis.com/kubernetes" "none"]',
              source: "google/services/container/resource_container_cluster.go:1046",
            },
          ],
        },
        maintenance_policy: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1053" },
        },
        "maintenance_policy.daily_maintenance_window": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1064" },
          exactlyOneOf: {
            paths: ["maintenance_policy.daily_maintenance_window", "maintenance_policy.recurring_window"],
            source: "google/services/container/resource_container_cluster.go:1060",
          },
        },
        "maintenance_policy.daily_maintenance_window.start_time": {
          checks: [
            {
              kind: "regex",
              pattern: "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$",
              name: "verify.ValidateRFC3339Time",
              message: "must be in the format HH:mm (RFC3339), hour 00-23, minute 00-59",
              source: "google/services/container/resource_container_cluster.go:1071",
            },
          ],
        },
        "maintenance_policy.recurring_window": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1084" },
          exactlyOneOf: {
            paths: ["maintenance_policy.daily_maintenance_window", "maintenance_policy.recurring_window"],
            source: "google/services/container/resource_container_cluster.go:1085",
          },
        },
        "maintenance_policy.recurring_window.start_time": {
          checks: [
            {
              kind: "regex",
              pattern:
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$",
              name: "verify.ValidateRFC3339Date",
              message: "must be an RFC3339 timestamp, such as 2025-01-01T00:00:00Z",
              source: "google/services/container/resource_container_cluster.go:1095",
            },
          ],
        },
        "maintenance_policy.recurring_window.end_time": {
          checks: [
            {
              kind: "regex",
              pattern:
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$",
              name: "verify.ValidateRFC3339Date",
              message: "must be an RFC3339 timestamp, such as 2025-01-01T00:00:00Z",
              source: "google/services/container/resource_container_cluster.go:1100",
            },
          ],
        },
        "maintenance_policy.maintenance_exclusion": {
          maxItems: { value: 20, source: "google/services/container/resource_container_cluster.go:1113" },
        },
        "maintenance_policy.maintenance_exclusion.start_time": {
          checks: [
            {
              kind: "regex",
              pattern:
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$",
              name: "verify.ValidateRFC3339Date",
              message: "must be an RFC3339 timestamp, such as 2025-01-01T00:00:00Z",
              source: "google/services/container/resource_container_cluster.go:1124",
            },
          ],
        },
        "maintenance_policy.maintenance_exclusion.end_time": {
          checks: [
            {
              kind: "regex",
              pattern:
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$",
              name: "verify.ValidateRFC3339Date",
              message: "must be an RFC3339 timestamp, such as 2025-01-01T00:00:00Z",
              source: "google/services/container/resource_container_cluster.go:1129",
            },
          ],
        },
        "maintenance_policy.maintenance_exclusion.exclusion_options": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1134" },
        },
        "maintenance_policy.maintenance_exclusion.exclusion_options.scope": {
          checks: [
            {
              kind: "oneOf",
              values: ["NO_UPGRADES", "NO_MINOR_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["NO_UPGRADES" "NO_MINOR_UPGRADES" "NO_MINOR_OR_NODE_UPGRADES"]',
              source: "google/services/container/resource_container_cluster.go:1141",
            },
          ],
        },
        security_posture_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1158",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1157" },
        },
        "security_posture_config.mode": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1165",
          checks: [
            {
              kind: "oneOf",
              values: ["DISABLED", "BASIC", "ENTERPRISE", "MODE_UNSPECIFIED"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["DISABLED" "BASIC" "ENTERPRISE" "MODE_UNSPECIFIED"]',
              source: "google/services/container/resource_container_cluster.go:1166",
            },
          ],
        },
        "security_posture_config.vulnerability_mode": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1173",
          checks: [
            {
              kind: "oneOf",
              values: [
                "VULNERABILITY_DISABLED",
                "VULNERABILITY_BASIC",
                "VULNERABILITY_ENTERPRISE",
                "VULNERABILITY_MODE_UNSPECIFIED",
              ],
              name: "validation.StringInSlice",
              message:
                'expected to be one of ["VULNERABILITY_DISABLED" "VULNERABILITY_BASIC" "VULNERABILITY_ENTERPRISE" "VULNERABILITY_MODE_UNSPECIFIED"]',
              source: "google/services/container/resource_container_cluster.go:1174",
            },
          ],
        },
        monitoring_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1184",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1185" },
        },
        "monitoring_config.enable_components": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1192",
        },
        "monitoring_config.managed_prometheus": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1201",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1202" },
        },
        "monitoring_config.managed_prometheus.auto_monitoring_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1214",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1215" },
        },
        "monitoring_config.managed_prometheus.auto_monitoring_config.scope": {
          checks: [
            {
              kind: "oneOf",
              values: ["ALL", "NONE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["ALL" "NONE"]',
              source: "google/services/container/resource_container_cluster.go:1223",
            },
          ],
        },
        "monitoring_config.advanced_datapath_observability_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1234",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1235" },
        },
        notification_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1259",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1260" },
        },
        "notification_config.pubsub": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1267" },
        },
        "notification_config.pubsub.filter": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1284" },
        },
        "notification_config.pubsub.filter.event_type": {
          checks: [
            {
              kind: "oneOf",
              values: ["UPGRADE_AVAILABLE_EVENT", "UPGRADE_EVENT", "SECURITY_BULLETIN_EVENT", "UPGRADE_INFO_EVENT"],
              name: "validation.StringInSlice",
              message:
                'expected to be one of ["UPGRADE_AVAILABLE_EVENT" "UPGRADE_EVENT" "SECURITY_BULLETIN_EVENT" "UPGRADE_INFO_EVENT"]',
              source: "google/services/container/resource_container_cluster.go:1294",
            },
          ],
        },
        confidential_nodes: {
          forceNew: "google/services/container/resource_container_cluster.go:1311",
          optionalComputed: "google/services/container/resource_container_cluster.go:1310",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1312" },
        },
        "confidential_nodes.enabled": {
          forceNew: "google/services/container/resource_container_cluster.go:1319",
        },
        "confidential_nodes.confidential_instance_type": {
          forceNew: "google/services/container/resource_container_cluster.go:1325",
          checks: [
            {
              kind: "oneOf",
              values: ["SEV", "SEV_SNP", "TDX"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["SEV" "SEV_SNP" "TDX"]',
              source: "google/services/container/resource_container_cluster.go:1328",
            },
          ],
        },
        master_auth: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1338",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1337" },
        },
        "master_auth.client_certificate_config": {
          forceNew: "google/services/container/resource_container_cluster.go:1346",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1344" },
        },
        "master_auth.client_certificate_config.issue_client_certificate": {
          forceNew: "google/services/container/resource_container_cluster.go:1353",
        },
        "master_auth.client_key": {
          sensitive: "google/services/container/resource_container_cluster.go:1369",
        },
        master_authorized_networks_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1385",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1386" },
        },
        "master_authorized_networks_config.cidr_blocks.cidr_block": {
          checks: [
            {
              kind: "regex",
              pattern:
                "^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(?:[0-9]|[12][0-9]|3[0-2])$|^[0-9a-f:]*:[0-9a-f:]*/(?:[0-9]|[12][0-9]|3[0-2])$",
              name: "validation.IsCIDRNetwork(0, 32)",
              message:
                "expected to contain a network CIDR (written as its network address) with between 0 and 32 significant bits",
              source: "google/services/container/resource_container_cluster.go:84",
            },
          ],
        },
        "master_authorized_networks_config.gcp_public_cidrs_access_enabled": {
          optionalComputed: "google/services/container/resource_container_cluster.go:68",
        },
        "master_authorized_networks_config.private_endpoint_enforcement_enabled": {
          optionalComputed: "google/services/container/resource_container_cluster.go:74",
        },
        monitoring_service: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1400",
          checks: [
            {
              kind: "oneOf",
              values: ["monitoring.googleapis.com", "monitoring.googleapis.com/kubernetes", "none"],
              name: "validation.StringInSlice",
              message:
                'expected to be one of ["monitoring.googleapis.com" "monitoring.googleapis.com/kubernetes" "none"]',
              source: "google/services/container/resource_container_cluster.go:1401",
            },
          ],
        },
        network: {
          forceNew: "google/services/container/resource_container_cluster.go:1409",
          default: { value: "default", source: "google/services/container/resource_container_cluster.go:1408" },
        },
        network_policy: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1417" },
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:1419",
          },
        },
        "network_policy.provider": {
          checks: [
            {
              kind: "oneOf",
              values: ["PROVIDER_UNSPECIFIED", "CALICO"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["PROVIDER_UNSPECIFIED" "CALICO"]',
              source: "google/services/container/resource_container_cluster.go:1431",
            },
          ],
        },
        node_pool: {
          forceNew: "google/services/container/resource_container_cluster.go:1445",
          optionalComputed: "google/services/container/resource_container_cluster.go:1444",
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:1450",
          },
        },
        node_pool_defaults: {
          optionalComputed: "google/services/container/resource_container_cluster.go:171",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:173" },
        },
        "node_pool_defaults.node_config_defaults": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:180" },
        },
        "node_pool_defaults.node_config_defaults.containerd_config": {
          maxItems: { value: 1, source: "google/services/container/node_config.go:50" },
        },
        "node_pool_defaults.node_config_defaults.containerd_config.private_registry_access_config": {
          maxItems: { value: 1, source: "google/services/container/node_config.go:56" },
        },
        "node_pool_defaults.node_config_defaults.containerd_config.private_registry_access_config.certificate_authority_domain_config.gcp_secret_manager_certificate_config":
          {
            maxItems: { value: 1, source: "google/services/container/node_config.go:78" },
          },
        "node_pool_defaults.node_config_defaults.gcfs_config": {
          optionalComputed: "google/services/container/node_config.go:121",
          maxItems: { value: 1, source: "google/services/container/node_config.go:122" },
        },
        "node_pool_defaults.node_config_defaults.insecure_kubelet_readonly_port_enabled": {
          optionalComputed: "google/services/container/node_config.go:101",
          checks: [
            {
              kind: "oneOf",
              values: ["FALSE", "TRUE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["FALSE" "TRUE"]',
              source: "google/services/container/node_config.go:103",
            },
          ],
        },
        "node_pool_defaults.node_config_defaults.logging_variant": {
          optionalComputed: "google/services/container/node_config.go:111",
          checks: [
            {
              kind: "oneOf",
              values: ["DEFAULT", "MAX_THROUGHPUT"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["DEFAULT" "MAX_THROUGHPUT"]',
              source: "google/services/container/node_config.go:113",
            },
          ],
        },
        node_pool_auto_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1458",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1459" },
        },
        "node_pool_auto_config.node_kubelet_config": {
          optionalComputed: "google/services/container/node_config.go:1076",
          maxItems: { value: 1, source: "google/services/container/node_config.go:1077" },
        },
        "node_pool_auto_config.node_kubelet_config.insecure_kubelet_readonly_port_enabled": {
          optionalComputed: "google/services/container/node_config.go:101",
          checks: [
            {
              kind: "oneOf",
              values: ["FALSE", "TRUE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["FALSE" "TRUE"]',
              source: "google/services/container/node_config.go:103",
            },
          ],
        },
        "node_pool_auto_config.linux_node_config": {
          maxItems: { value: 1, source: "google/services/container/node_config.go:1093" },
        },
        "node_pool_auto_config.linux_node_config.cgroup_mode": {
          optionalComputed: "google/services/container/node_config.go:1100",
          checks: [
            {
              kind: "oneOf",
              values: ["CGROUP_MODE_UNSPECIFIED", "CGROUP_MODE_V1", "CGROUP_MODE_V2"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["CGROUP_MODE_UNSPECIFIED" "CGROUP_MODE_V1" "CGROUP_MODE_V2"]',
              source: "google/services/container/node_config.go:1101",
            },
          ],
        },
        "node_pool_auto_config.network_tags": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1468" },
        },
        node_version: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1493",
        },
        pod_autoscaling: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1500",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1501" },
        },
        "pod_autoscaling.hpa_profile": {
          checks: [
            {
              kind: "oneOf",
              values: ["NONE", "PERFORMANCE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["NONE" "PERFORMANCE"]',
              source: "google/services/container/resource_container_cluster.go:1508",
            },
          ],
        },
        secret_manager_config: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1523" },
        },
        project: {
          forceNew: "google/services/container/resource_container_cluster.go:1540",
          optionalComputed: "google/services/container/resource_container_cluster.go:1539",
        },
        subnetwork: {
          forceNew: "google/services/container/resource_container_cluster.go:1548",
          optionalComputed: "google/services/container/resource_container_cluster.go:1547",
        },
        ip_allocation_policy: {
          forceNew: "google/services/container/resource_container_cluster.go:1580",
          optionalComputed: "google/services/container/resource_container_cluster.go:1581",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1579" },
          conflictsWith: {
            paths: ["cluster_ipv4_cidr"],
            source: "google/services/container/resource_container_cluster.go:1583",
          },
        },
        "ip_allocation_policy.cluster_ipv4_cidr_block": {
          forceNew: "google/services/container/resource_container_cluster.go:1592",
          optionalComputed: "google/services/container/resource_container_cluster.go:1591",
          conflictsWith: {
            paths: ipAllocationRangeFields,
            source: "google/services/container/resource_container_cluster.go:1593",
          },
        },
        "ip_allocation_policy.services_ipv4_cidr_block": {
          forceNew: "google/services/container/resource_container_cluster.go:1602",
          optionalComputed: "google/services/container/resource_container_cluster.go:1601",
          conflictsWith: {
            paths: ipAllocationRangeFields,
            source: "google/services/container/resource_container_cluster.go:1603",
          },
        },
        "ip_allocation_policy.cluster_secondary_range_name": {
          forceNew: "google/services/container/resource_container_cluster.go:1613",
          optionalComputed: "google/services/container/resource_container_cluster.go:1612",
          conflictsWith: {
            paths: ipAllocationCidrBlockFields,
            source: "google/services/container/resource_container_cluster.go:1614",
          },
        },
        "ip_allocation_policy.services_secondary_range_name": {
          forceNew: "google/services/container/resource_container_cluster.go:1622",
          optionalComputed: "google/services/container/resource_container_cluster.go:1621",
          conflictsWith: {
            paths: ipAllocationCidrBlockFields,
            source: "google/services/container/resource_container_cluster.go:1623",
          },
        },
        "ip_allocation_policy.stack_type": {
          default: { value: "IPV4", source: "google/services/container/resource_container_cluster.go:1630" },
          checks: [
            {
              kind: "oneOf",
              values: ["IPV4", "IPV4_IPV6"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["IPV4" "IPV4_IPV6"]',
              source: "google/services/container/resource_container_cluster.go:1631",
            },
          ],
        },
        "ip_allocation_policy.pod_cidr_overprovision_config": {
          forceNew: "google/services/container/resource_container_cluster.go:1638",
          optionalComputed: "google/services/container/resource_container_cluster.go:1637",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1639" },
        },
        "ip_allocation_policy.additional_pod_ranges_config": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1652" },
        },
        "ip_allocation_policy.additional_pod_ranges_config.pod_range_names": {
          minItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1659" },
        },
        networking_mode: {
          forceNew: "google/services/container/resource_container_cluster.go:1697",
          optionalComputed: "google/services/container/resource_container_cluster.go:1696",
          checks: [
            {
              kind: "oneOf",
              values: ["VPC_NATIVE", "ROUTES"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["VPC_NATIVE" "ROUTES"]',
              source: "google/services/container/resource_container_cluster.go:1698",
            },
          ],
        },
        remove_default_node_pool: {
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:1706",
          },
        },
        control_plane_endpoints_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1712",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1711" },
        },
        "control_plane_endpoints_config.dns_endpoint_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1721",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1719" },
        },
        "control_plane_endpoints_config.dns_endpoint_config.endpoint": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1728",
        },
        "control_plane_endpoints_config.ip_endpoints_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1743",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1741" },
        },
        private_cluster_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1763",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1761" },
        },
        "private_cluster_config.enable_private_endpoint": {
          atLeastOneOf: {
            paths: privateClusterConfigKeys,
            source: "google/services/container/resource_container_cluster.go:1776",
          },
        },
        "private_cluster_config.enable_private_nodes": {
          forceNew: "google/services/container/resource_container_cluster.go:1783",
          atLeastOneOf: {
            paths: privateClusterConfigKeys,
            source: "google/services/container/resource_container_cluster.go:1784",
          },
        },
        "private_cluster_config.master_ipv4_cidr_block": {
          forceNew: "google/services/container/resource_container_cluster.go:1792",
          optionalComputed: "google/services/container/resource_container_cluster.go:1790",
          atLeastOneOf: {
            paths: privateClusterConfigKeys,
            source: "google/services/container/resource_container_cluster.go:1793",
          },
          checks: [
            {
              kind: "regex",
              pattern:
                "^$|^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:0|16|32|48|64|80|96|112|128|144|160|176|192|208|224|240)/28$|^[0-9a-f:]*:[0-9a-f:]*/28$",
              name: "verify.OrEmpty(validation.IsCIDRNetwork(28, 28))",
              message:
                "expected to be empty or a network CIDR (written as its network address) with 28 significant bits",
              source: "google/services/container/resource_container_cluster.go:1794",
            },
          ],
        },
        "private_cluster_config.private_endpoint_subnetwork": {
          forceNew: "google/services/container/resource_container_cluster.go:1810",
          atLeastOneOf: {
            paths: privateClusterConfigKeys,
            source: "google/services/container/resource_container_cluster.go:1811",
          },
        },
        "private_cluster_config.master_global_access_config": {
          optionalComputed: "google/services/container/resource_container_cluster.go:1824",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1822" },
          atLeastOneOf: {
            paths: privateClusterConfigKeys,
            source: "google/services/container/resource_container_cluster.go:1825",
          },
        },
        default_max_pods_per_node: {
          forceNew: "google/services/container/resource_container_cluster.go:1872",
          optionalComputed: "google/services/container/resource_container_cluster.go:1873",
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:1875",
          },
        },
        vertical_pod_autoscaling: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1882",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1880" },
        },
        workload_identity_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1901",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1896" },
        },
        identity_service_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1918",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1916" },
        },
        service_external_ips_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1935",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1933" },
        },
        mesh_certificates: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1952",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1950" },
        },
        database_encryption: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1969",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1967" },
        },
        "database_encryption.state": {
          checks: [
            {
              kind: "oneOf",
              values: ["ENCRYPTED", "DECRYPTED"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["ENCRYPTED" "DECRYPTED"]',
              source: "google/services/container/resource_container_cluster.go:1976",
            },
          ],
        },
        release_channel: {
          optionalComputed: "google/services/container/resource_container_cluster.go:1991",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:1992" },
        },
        "release_channel.channel": {
          checks: [
            {
              kind: "oneOf",
              values: ["UNSPECIFIED", "RAPID", "REGULAR", "STABLE", "EXTENDED"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["UNSPECIFIED" "RAPID" "REGULAR" "STABLE" "EXTENDED"]',
              source: "google/services/container/resource_container_cluster.go:1999",
            },
          ],
        },
        gke_auto_upgrade_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2014",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2016" },
        },
        default_snat_status: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2039",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2037" },
        },
        datapath_provider: {
          forceNew: "google/services/container/resource_container_cluster.go:2055",
          optionalComputed: "google/services/container/resource_container_cluster.go:2056",
          checks: [
            {
              kind: "oneOf",
              values: ["DATAPATH_PROVIDER_UNSPECIFIED", "LEGACY_DATAPATH", "ADVANCED_DATAPATH"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["DATAPATH_PROVIDER_UNSPECIFIED" "LEGACY_DATAPATH" "ADVANCED_DATAPATH"]',
              source: "google/services/container/resource_container_cluster.go:2058",
            },
          ],
        },
        enable_cilium_clusterwide_network_policy: {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:2065" },
        },
        enable_intranode_visibility: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2070",
          conflictsWith: {
            paths: ["enable_autopilot"],
            source: "google/services/container/resource_container_cluster.go:2072",
          },
        },
        enable_l4_ilb_subsetting: {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:2078" },
        },
        disable_l4_lb_firewall_reconciliation: {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:2084" },
        },
        enable_multi_networking: {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:2090" },
        },
        enable_fqdn_network_policy: {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:2096" },
        },
        private_ipv6_google_access: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2102",
        },
        cost_management_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2109",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2107" },
        },
        resource_usage_export_config: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2124" },
        },
        "resource_usage_export_config.enable_network_egress_metering": {
          default: { value: false, source: "google/services/container/resource_container_cluster.go:2132" },
        },
        "resource_usage_export_config.enable_resource_consumption_metering": {
          default: { value: true, source: "google/services/container/resource_container_cluster.go:2138" },
        },
        "resource_usage_export_config.bigquery_destination": {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2143" },
        },
        dns_config: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2162" },
        },
        "dns_config.cluster_dns": {
          default: {
            value: "PROVIDER_UNSPECIFIED",
            source: "google/services/container/resource_container_cluster.go:2174",
          },
          checks: [
            {
              kind: "oneOf",
              values: ["PROVIDER_UNSPECIFIED", "PLATFORM_DEFAULT", "CLOUD_DNS"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["PROVIDER_UNSPECIFIED" "PLATFORM_DEFAULT" "CLOUD_DNS"]',
              source: "google/services/container/resource_container_cluster.go:2175",
            },
          ],
        },
        "dns_config.cluster_dns_scope": {
          checks: [
            {
              kind: "oneOf",
              values: ["DNS_SCOPE_UNSPECIFIED", "CLUSTER_SCOPE", "VPC_SCOPE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["DNS_SCOPE_UNSPECIFIED" "CLUSTER_SCOPE" "VPC_SCOPE"]',
              source: "google/services/container/resource_container_cluster.go:2181",
            },
          ],
        },
        gateway_api_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2197",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2198" },
        },
        "gateway_api_config.channel": {
          checks: [
            {
              kind: "oneOf",
              values: ["CHANNEL_DISABLED", "CHANNEL_EXPERIMENTAL", "CHANNEL_STANDARD"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["CHANNEL_DISABLED" "CHANNEL_EXPERIMENTAL" "CHANNEL_STANDARD"]',
              source: "google/services/container/resource_container_cluster.go:2205",
            },
          ],
        },
        fleet: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2214" },
        },
        user_managed_keys_config: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2250" },
        },
        "user_managed_keys_config.cluster_ca": {
          forceNew: "google/services/container/resource_container_cluster.go:2257",
        },
        "user_managed_keys_config.etcd_api_ca": {
          forceNew: "google/services/container/resource_container_cluster.go:2263",
        },
        "user_managed_keys_config.etcd_peer_ca": {
          forceNew: "google/services/container/resource_container_cluster.go:2269",
        },
        "user_managed_keys_config.aggregation_ca": {
          forceNew: "google/services/container/resource_container_cluster.go:2275",
        },
        enterprise_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2311",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2310" },
        },
        "enterprise_config.desired_tier": {
          optionalComputed: "google/services/container/resource_container_cluster.go:2323",
          checks: [
            {
              kind: "oneOf",
              values: ["STANDARD", "ENTERPRISE"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["STANDARD" "ENTERPRISE"]',
              source: "google/services/container/resource_container_cluster.go:2324",
            },
          ],
        },
        in_transit_encryption_config: {
          checks: [
            {
              kind: "oneOf",
              values: [
                "IN_TRANSIT_ENCRYPTION_CONFIG_UNSPECIFIED",
                "IN_TRANSIT_ENCRYPTION_DISABLED",
                "IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT",
              ],
              name: "validation.StringInSlice",
              message:
                'expected to be one of ["IN_TRANSIT_ENCRYPTION_CONFIG_UNSPECIFIED" "IN_TRANSIT_ENCRYPTION_DISABLED" "IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT"]',
              source: "google/services/container/resource_container_cluster.go:2335",
            },
          ],
        },
        network_performance_config: {
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2340" },
        },
        anonymous_authentication_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2356",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2355" },
        },
        "anonymous_authentication_config.mode": {
          checks: [
            {
              kind: "oneOf",
              values: ["ENABLED", "LIMITED"],
              name: "validation.StringInSlice",
              message: 'expected to be one of ["ENABLED" "LIMITED"]',
              source: "google/services/container/resource_container_cluster.go:2363",
            },
          ],
        },
        rbac_binding_config: {
          optionalComputed: "google/services/container/resource_container_cluster.go:2376",
          maxItems: { value: 1, source: "google/services/container/resource_container_cluster.go:2375" },
        },
      },
    },
    google_container_node_pool: {
      source: "google/services/container/resource_container_node_pool.go:41",
      attributes: {
        ...nodePool,
        project: {
          forceNew: "google/services/container/resource_container_node_pool.go:75",
          optionalComputed: "google/services/container/resource_container_node_pool.go:74",
        },
        cluster: {
          forceNew: "google/services/container/resource_container_node_pool.go:81",
        },
        location: {
          forceNew: "google/services/container/resource_container_node_pool.go:88",
          optionalComputed: "google/services/container/resource_container_node_pool.go:87",
        },
      },
    },
    google_compute_network: {
      source: "google/services/compute/resource_compute_network.go:40",
      attributes: {
        name: {
          forceNew: "google/services/compute/resource_compute_network.go:64",
          checks: [
            {
              kind: "regex",
              pattern: "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$",
              name: "verify.ValidateGCEName",
              message: 'doesn\'t match regexp "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$"',
              source: "google/services/compute/resource_compute_network.go:65",
            },
          ],
        },
        auto_create_subnetworks: {
          forceNew: "google/services/compute/resource_compute_network.go:77",
          default: { value: true, source: "google/services/compute/resource_compute_network.go:84" },
        },
        description: {
          forceNew: "google/services/compute/resource_compute_network.go:89",
        },
        enable_ula_internal_ipv6: {
          forceNew: "google/services/compute/resource_compute_network.go:96",
        },
        internal_ipv6_range: {
          forceNew: "google/services/compute/resource_compute_network.go:104",
          optionalComputed: "google/services/compute/resource_compute_network.go:102",
        },
        mtu: {
          optionalComputed: "google/services/compute/resource_compute_network.go:113",
        },
        network_firewall_policy_enforcement_order: {
          default: {
            value: "AFTER_CLASSIC_FIREWALL",
            source: "google/services/compute/resource_compute_network.go:126",
          },
          checks: [
            {
              kind: "oneOf",
              values: ["BEFORE_CLASSIC_FIREWALL", "AFTER_CLASSIC_FIREWALL", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["BEFORE_CLASSIC_FIREWALL" "AFTER_CLASSIC_FIREWALL" ""]',
              source: "google/services/compute/resource_compute_network.go:124",
            },
          ],
        },
        network_profile: {
          forceNew: "google/services/compute/resource_compute_network.go:131",
        },
        params: {
          forceNew: "google/services/compute/resource_compute_network.go:142",
          maxItems: { value: 1, source: "google/services/compute/resource_compute_network.go:144" },
        },
        "params.resource_manager_tags": {
          forceNew: "google/services/compute/resource_compute_network.go:150",
        },
        bgp_always_compare_med: {
          optionalComputed: "google/services/compute/resource_compute_network.go:161",
        },
        bgp_best_path_selection_mode: {
          optionalComputed: "google/services/compute/resource_compute_network.go:168",
          checks: [
            {
              kind: "oneOf",
              values: ["LEGACY", "STANDARD", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["LEGACY" "STANDARD" ""]',
              source: "google/services/compute/resource_compute_network.go:170",
            },
          ],
        },
        bgp_inter_region_cost: {
          optionalComputed: "google/services/compute/resource_compute_network.go:175",
          checks: [
            {
              kind: "oneOf",
              values: ["DEFAULT", "ADD_COST_TO_MED", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["DEFAULT" "ADD_COST_TO_MED" ""]',
              source: "google/services/compute/resource_compute_network.go:177",
            },
          ],
        },
        routing_mode: {
          optionalComputed: "google/services/compute/resource_compute_network.go:182",
          checks: [
            {
              kind: "oneOf",
              values: ["REGIONAL", "GLOBAL", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["REGIONAL" "GLOBAL" ""]',
              source: "google/services/compute/resource_compute_network.go:184",
            },
          ],
        },
        delete_default_routes_on_create: {
          default: { value: false, source: "google/services/compute/resource_compute_network.go:214" },
        },
        project: {
          forceNew: "google/services/compute/resource_compute_network.go:220",
          optionalComputed: "google/services/compute/resource_compute_network.go:219",
        },
      },
    },
    google_compute_subnetwork: {
      source: "google/services/compute/resource_compute_subnetwork.go:104",
      attributes: {
        name: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:131",
          checks: [
            {
              kind: "regex",
              pattern: "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$",
              name: "verify.ValidateGCEName",
              message: 'doesn\'t match regexp "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$"',
              source: "google/services/compute/resource_compute_subnetwork.go:132",
            },
          ],
        },
        network: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:144",
        },
        description: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:152",
        },
        enable_flow_logs: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:162",
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:159",
        },
        external_ipv6_prefix: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:172",
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:170",
        },
        ip_cidr_range: {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:177",
          checks: [
            {
              kind: "regex",
              pattern:
                "^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/0*(?:[0-9]|[12][0-9]|3[0-2])$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/0*(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$",
              name: "verify.ValidateIpCidrRange",
              message: "is not a valid IP CIDR range",
              source: "google/services/compute/resource_compute_subnetwork.go:179",
            },
          ],
        },
        ip_collection: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:189",
        },
        ipv6_access_type: {
          checks: [
            {
              kind: "oneOf",
              values: ["EXTERNAL", "INTERNAL", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["EXTERNAL" "INTERNAL" ""]',
              source: "google/services/compute/resource_compute_subnetwork.go:203",
            },
          ],
        },
        log_config: {
          maxItems: { value: 1, source: "google/services/compute/resource_compute_subnetwork.go:216" },
        },
        "log_config.aggregation_interval": {
          atLeastOneOf: {
            paths: [
              "log_config.aggregation_interval",
              "log_config.flow_sampling",
              "log_config.metadata",
              "log_config.filter_expr",
            ],
            source: "google/services/compute/resource_compute_subnetwork.go:228",
          },
          default: { value: "INTERVAL_5_SEC", source: "google/services/compute/resource_compute_subnetwork.go:227" },
          checks: [
            {
              kind: "oneOf",
              values: [
                "INTERVAL_5_SEC",
                "INTERVAL_30_SEC",
                "INTERVAL_1_MIN",
                "INTERVAL_5_MIN",
                "INTERVAL_10_MIN",
                "INTERVAL_15_MIN",
                "",
              ],
              name: "verify.ValidateEnum",
              message:
                'expected to be one of ["INTERVAL_5_SEC" "INTERVAL_30_SEC" "INTERVAL_1_MIN" "INTERVAL_5_MIN" "INTERVAL_10_MIN" "INTERVAL_15_MIN" ""]',
              source: "google/services/compute/resource_compute_subnetwork.go:222",
            },
          ],
        },
        "log_config.filter_expr": {
          atLeastOneOf: {
            paths: [
              "log_config.aggregation_interval",
              "log_config.flow_sampling",
              "log_config.metadata",
              "log_config.filter_expr",
            ],
            source: "google/services/compute/resource_compute_subnetwork.go:237",
          },
          default: { value: "true", source: "google/services/compute/resource_compute_subnetwork.go:236" },
        },
        "log_config.flow_sampling": {
          atLeastOneOf: {
            paths: [
              "log_config.aggregation_interval",
              "log_config.flow_sampling",
              "log_config.metadata",
              "log_config.filter_expr",
            ],
            source: "google/services/compute/resource_compute_subnetwork.go:248",
          },
          default: { value: 0.5, source: "google/services/compute/resource_compute_subnetwork.go:247" },
        },
        "log_config.metadata": {
          atLeastOneOf: {
            paths: [
              "log_config.aggregation_interval",
              "log_config.flow_sampling",
              "log_config.metadata",
              "log_config.filter_expr",
            ],
            source: "google/services/compute/resource_compute_subnetwork.go:258",
          },
          default: {
            value: "INCLUDE_ALL_METADATA",
            source: "google/services/compute/resource_compute_subnetwork.go:257",
          },
          checks: [
            {
              kind: "oneOf",
              values: ["EXCLUDE_ALL_METADATA", "INCLUDE_ALL_METADATA", "CUSTOM_METADATA", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["EXCLUDE_ALL_METADATA" "INCLUDE_ALL_METADATA" "CUSTOM_METADATA" ""]',
              source: "google/services/compute/resource_compute_subnetwork.go:253",
            },
          ],
        },
        params: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:276",
          maxItems: { value: 1, source: "google/services/compute/resource_compute_subnetwork.go:278" },
        },
        "params.resource_manager_tags": {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:284",
        },
        private_ip_google_access: {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:298",
        },
        private_ipv6_google_access: {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:305",
        },
        purpose: {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:311",
        },
        region: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:326",
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:324",
        },
        reserved_internal_range: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:333",
        },
        role: {
          checks: [
            {
              kind: "oneOf",
              values: ["ACTIVE", "BACKUP", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["ACTIVE" "BACKUP" ""]',
              source: "google/services/compute/resource_compute_subnetwork.go:341",
            },
          ],
        },
        secondary_ip_range: {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:350",
        },
        "secondary_ip_range.range_name": {
          checks: [
            {
              kind: "regex",
              pattern: "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$",
              name: "verify.ValidateGCEName",
              message: 'doesn\'t match regexp "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$"',
              source: "google/services/compute/resource_compute_subnetwork.go:365",
            },
          ],
        },
        "secondary_ip_range.ip_cidr_range": {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:373",
          checks: [
            {
              kind: "regex",
              pattern:
                "^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/0*(?:[0-9]|[12][0-9]|3[0-2])$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/0*(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$",
              name: "verify.ValidateIpCidrRange",
              message: "is not a valid IP CIDR range",
              source: "google/services/compute/resource_compute_subnetwork.go:375",
            },
          ],
        },
        stack_type: {
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:394",
          checks: [
            {
              kind: "oneOf",
              values: ["IPV4_ONLY", "IPV4_IPV6", "IPV6_ONLY", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["IPV4_ONLY" "IPV4_IPV6" "IPV6_ONLY" ""]',
              source: "google/services/compute/resource_compute_subnetwork.go:396",
            },
          ],
        },
        project: {
          forceNew: "google/services/compute/resource_compute_subnetwork.go:463",
          optionalComputed: "google/services/compute/resource_compute_subnetwork.go:462",
        },
      },
    },
    google_compute_address: {
      source: "google/services/compute/resource_compute_address.go:38",
      attributes: {
        name: {
          forceNew: "google/services/compute/resource_compute_address.go:63",
          checks: [
            {
              kind: "regex",
              pattern: "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$",
              name: "verify.ValidateRegexp",
              message: 'doesn\'t match regexp "^(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$"',
              source: "google/services/compute/resource_compute_address.go:64",
            },
          ],
        },
        address: {
          forceNew: "google/services/compute/resource_compute_address.go:76",
          optionalComputed: "google/services/compute/resource_compute_address.go:74",
        },
        address_type: {
          forceNew: "google/services/compute/resource_compute_address.go:84",
          default: { value: "EXTERNAL", source: "google/services/compute/resource_compute_address.go:88" },
          checks: [
            {
              kind: "oneOf",
              values: ["INTERNAL", "EXTERNAL", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["INTERNAL" "EXTERNAL" ""]',
              source: "google/services/compute/resource_compute_address.go:85",
            },
          ],
        },
        description: {
          forceNew: "google/services/compute/resource_compute_address.go:93",
        },
        ip_version: {
          forceNew: "google/services/compute/resource_compute_address.go:99",
          checks: [
            {
              kind: "oneOf",
              values: ["IPV4", "IPV6", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["IPV4" "IPV6" ""]',
              source: "google/services/compute/resource_compute_address.go:100",
            },
          ],
        },
        ipv6_endpoint_type: {
          forceNew: "google/services/compute/resource_compute_address.go:107",
          checks: [
            {
              kind: "oneOf",
              values: ["VM", "NETLB", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["VM" "NETLB" ""]',
              source: "google/services/compute/resource_compute_address.go:108",
            },
          ],
        },
        network: {
          forceNew: "google/services/compute/resource_compute_address.go:126",
        },
        network_tier: {
          forceNew: "google/services/compute/resource_compute_address.go:136",
          optionalComputed: "google/services/compute/resource_compute_address.go:134",
          checks: [
            {
              kind: "oneOf",
              values: ["PREMIUM", "STANDARD", ""],
              name: "verify.ValidateEnum",
              message: 'expected to be one of ["PREMIUM" "STANDARD" ""]',
              source: "google/services/compute/resource_compute_address.go:137",
            },
          ],
        },
        prefix_length: {
          forceNew: "google/services/compute/resource_compute_address.go:146",
          optionalComputed: "google/services/compute/resource_compute_address.go:144",
        },
        purpose: {
          forceNew: "google/services/compute/resource_compute_address.go:153",
          optionalComputed: "google/services/compute/resource_compute_address.go:151",
        },
        region: {
          forceNew: "google/services/compute/resource_compute_address.go:178",
          optionalComputed: "google/services/compute/resource_compute_address.go:176",
        },
        subnetwork: {
          forceNew: "google/services/compute/resource_compute_address.go:187",
          optionalComputed: "google/services/compute/resource_compute_address.go:185",
        },
        project: {
          forceNew: "google/services/compute/resource_compute_address.go:230",
          optionalComputed: "google/services/compute/resource_compute_address.go:229",
        },
      },
    },
  },
  // The data source copies the resource's schema through
  // tpgresource.DatasourceSchemaFromResourceSchema, which makes every attribute
  // Computed, drops ForceNew, Required, validators, MaxItems and defaults, and
  // does not copy Sensitive (google/tpgresource/datasource_helpers.go:26-38):
  // master_auth.client_key is sensitive in the resource but not in the data
  // source, so Terraform does not require `sensitive` on an output of it. Then
  // `name` becomes Required and `project`, `location` Optional, not Computed
  // (data_source_google_container_cluster.go:32, :35;
  // datasource_helpers.go:75-80). So no attribute carries a fact of these kinds.
  dataSources: {
    google_container_cluster: {
      source: "google/services/container/data_source_google_container_cluster.go:29",
      attributes: {},
    },
  },
};
