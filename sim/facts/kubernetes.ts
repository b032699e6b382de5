// Provider facts of hashicorp/terraform-provider-kubernetes v2.38.0 for the
// types the stacks use: the provider configuration, kubernetes_namespace_v1,
// kubernetes_deployment_v1, kubernetes_service_v1,
// kubernetes_pod_disruption_budget_v1, kubernetes_horizontal_pod_autoscaler_v2,
// kubernetes_role_v1, kubernetes_role_binding_v1 and the
// kubernetes_namespace_v1 data source.
//
// How they were gathered: the schema builders under kubernetes/ at the tag
// were read with a throwaway evaluator of their Go map literals (helper calls
// such as namespacedMetadataSchemaIsTemplate, podSpecFields(true, false),
// containerFields, probeSchema, labelSelectorFields(false) followed with their
// arguments, later assignments such as deploymentPodTemplateSpecFields'
// restart_policy and metadataSchemaRBAC's validators applied), so every helper
// reused at several depths is expanded to the concrete paths below. Each
// citation is the line where the flag or validator stands; a separate check
// confirmed that each cited line names the flag or validator. The attributes
// the workload and access stacks set were then compared with the source by
// hand.
//
// Named validators are written as what they amount to in k8s.io/apimachinery
// v0.28.6 (go.mod:31) and terraform-plugin-sdk v2.37.0 (go.mod:21); the
// provider's function keeps its place in `name`.
//
// What is not here, or differs from what one might expect:
// - `token` and every other provider argument carry no Sensitive flag at this
//   tag, in any of the three muxed servers (kubernetes/provider.go:121,
//   manifest/provider/provider_config.go:160, internal/framework/provider/provider.go:138).
// - exec.api_version's ValidateDiagFunc (kubernetes/provider.go:142) only
//   warns about client.authentication.k8s.io/v1alpha1; ignore_annotations and
//   ignore_labels elements run validation.StringIsValidRegExp
//   (kubernetes/provider.go:202, :211), Go RE2 syntax that a JavaScript regex
//   cannot stand for. Neither is a check below.
// - The namespaced metadata schema says `ConflictsWith: metadata.name` and
//   `metadata.generate_name` without the list index
//   (kubernetes/schema_metadata.go:105, :107). The SDK looks such a path up in
//   the raw configuration, where a list step must be a number, so the lookup
//   never finds a value and the conflict never fires; only the cluster-scoped
//   schema's `metadata.0.name` form (kubernetes/schema_metadata.go:64, :66,
//   kubernetes_namespace_v1) is recorded.
// - The data source lists no forceNew: data sources are read, never replaced.
// - Validators that only the API server runs (a namespace name must be a
//   DNS-1123 label there; the provider checks a DNS-1123 subdomain) are not
//   provider facts and are not here. Attributes set only through
//   DiffSuppressFunc or CustomizeDiff behaviour are not modelled.
// - IP address and CIDR checks approximate Go's net.ParseIP / ParseCIDR (IPv6
//   is checked for its alphabet and a colon only); int-or-percent strings are
//   not checked for 32-bit overflow.
import { Check, Citation, ProviderFacts } from "./types";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
/** apimachinery qualifiedNameFmt: the name part of a label or annotation key. */
const QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const IPV4_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = `${IPV4_OCTET}(\\.${IPV4_OCTET}){3}`;
const IPV6 = "(?=[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]{2,45}";
const IP = `(${IPV4}|${IPV6})`;
const PORT_NUMBER = "\\+?0*(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})";
/** apimachinery IsValidPortName: an IANA_SVC_NAME. */
const PORT_NAME = "(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?";

function intRange(
  name: string,
  min: number | undefined,
  max: number | undefined,
  message: string,
  source: Citation
): Check {
  return {
    kind: "intRange",
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    name,
    message,
    source,
  };
}

/** validation.StringInSlice: `expected %s to be one of %q, got %s`. */
function stringInSlice(values: readonly string[], ignoreCase: boolean, source: Citation): Check {
  return {
    kind: "oneOf",
    values,
    ...(ignoreCase ? { ignoreCase } : {}),
    name: "validation.StringInSlice",
    message: `expected to be one of [${values.map((value) => JSON.stringify(value)).join(" ")}]`,
    source,
  };
}

/** validateName (kubernetes/validators.go:66): apimachinery NameIsDNSSubdomain. */
function validateName(source: Citation): Check[] {
  return [
    { kind: "length", max: 253, name: "validateName", message: "must be no more than 253 characters", source },
    {
      kind: "regex",
      pattern: `^${DNS1123_SUBDOMAIN}$`,
      name: "validateName",
      message: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
      source,
    },
  ];
}

/**
 * validateGenerateName (kubernetes/validators.go:77): apimachinery
 * NameIsDNSLabel(prefix=true), a DNS-1123 label once a trailing '-' is masked;
 * at most 63 characters after masking.
 */
function validateGenerateName(source: Citation): Check[] {
  return [
    { kind: "length", max: 64, name: "validateGenerateName", message: "must be no more than 63 characters", source },
    {
      kind: "regex",
      pattern: `^(${DNS1123_LABEL}|([a-z0-9][-a-z0-9]*)?.-)$`,
      name: "validateGenerateName",
      message: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (regex used for validation is '${DNS1123_LABEL}'); a trailing '-' is allowed`,
      source,
    },
  ];
}

/** validateRBACNameFunc (kubernetes/schema_rbac.go:33): apimachinery IsValidPathSegmentName. */
function validateRBACNameFunc(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: "^(?!\\.{1,2}$)[^/%]*$",
      name: "validateRBACNameFunc",
      message: "may not be '.' or '..', and may not contain '/' or '%'",
      source,
    },
  ];
}

function qualifiedKey(name: string, prefixAlphabet: string, source: Citation): Check {
  const prefixLabel = `${prefixAlphabet}([-${prefixAlphabet.slice(1, -1)}]*${prefixAlphabet})?`;
  return {
    kind: "regex",
    on: "keys",
    pattern: `^((?=[^/]{1,253}/)${prefixLabel}(\\.${prefixLabel})*/)?(?=[^/]{1,63}$)${QUALIFIED_NAME}$`,
    name,
    message: `keys must be qualified names: an optional DNS-1123 subdomain prefix of at most 253 characters and '/', then a name part of at most 63 characters that must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (regex used for validation is '${QUALIFIED_NAME}')`,
    source,
  };
}

/** validateLabels (kubernetes/validators.go:89): IsQualifiedName keys, IsValidLabelValue values. */
function validateLabels(source: Citation): Check[] {
  return [
    qualifiedKey("validateLabels", "[a-z0-9]", source),
    {
      kind: "length",
      on: "values",
      max: 63,
      name: "validateLabels",
      message: "must be no more than 63 characters",
      source,
    },
    {
      kind: "regex",
      on: "values",
      pattern: `^${LABEL_VALUE}$`,
      name: "validateLabels",
      message: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (regex used for validation is '${LABEL_VALUE}')`,
      source,
    },
  ];
}

/** validateAnnotations (kubernetes/validators.go:21): IsQualifiedName of the lower-cased key; values are free. */
function validateAnnotations(source: Citation): Check[] {
  return [qualifiedKey("validateAnnotations", "[A-Za-z0-9]", source)];
}

/** validatePortNumOrName (kubernetes/validators.go:126) on a string: a number is a port (1-65535), anything else an IANA_SVC_NAME. */
function validatePortNumOrName(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: `^(${PORT_NUMBER}|${PORT_NAME})$`,
      name: "validatePortNumOrName",
      message:
        "must be a port number between 1 and 65535, inclusive, or a port name of at most 15 lower case alphanumeric characters or '-', with at least one letter, no '--', not beginning or ending with '-'",
      source,
    },
  ];
}

/** validateResourceQuantity (kubernetes/validators.go:164): apimachinery resource.ParseQuantity. */
function validateResourceQuantity(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$",
      name: "validateResourceQuantity",
      message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      source,
    },
  ];
}

/** validateTypeStringNullableInt (kubernetes/validators.go:210): empty, or an integer. */
function validateTypeStringNullableInt(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: "^([+-]?[0-9]+)?$",
      name: "validateTypeStringNullableInt",
      message: "cannot parse as int",
      source,
    },
  ];
}

/** validateTypeStringNullableIntOrPercent (kubernetes/validators.go:268): empty, an integer, or a percentage from 0% to 100%. */
function validateTypeStringNullableIntOrPercent(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: "^([+-]?[0-9]+|\\+?0*([0-9]{1,2}|100)%|-0+%)?$",
      name: "validateTypeStringNullableIntOrPercent",
      message: "cannot parse as int or percent, or not between 0% and 100%",
      source,
    },
  ];
}

/** validateModeBits (kubernetes/validators.go:228): an octal numeral starting with 0, at most 0777. */
function validateModeBits(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: "^0+[0-7]{0,3}$",
      name: "validateModeBits",
      message: "should start with '0' (octal numeral) and expects octal notation (a value between 0 and 0777)",
      source,
    },
  ];
}

/** validatePath (kubernetes/validators.go:246): relative, no '..' element, not starting with '..'. */
function validatePath(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: "^(?!/)(?!\\.\\.)(?!(.*/)?\\.\\.(/|$)).*$",
      name: "validatePath",
      message: "must be a relative path, must not contain '..' and must not start with '..'",
      source,
    },
  ];
}

/** validation.IsIPAddress: `expected %s to contain a valid IP, got: %s`. */
function isIPAddress(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: `^${IP}$`,
      name: "validation.IsIPAddress",
      message: "expected to contain a valid IP",
      source,
    },
  ];
}

/** validation.IsCIDR: net.ParseCIDR. */
function isCIDR(source: Citation): Check[] {
  return [
    {
      kind: "regex",
      pattern: `^(${IPV4}/(3[0-2]|[12]?[0-9])|${IPV6}/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`,
      name: "validation.IsCIDR",
      message: "expected to be a valid CIDR Value",
      source,
    },
  ];
}

/** validation.Any(StringInSlice({corev1.ClusterIPNone}), IsIPAddress): "None" or an IP address. */
function noneOrIPAddress(source: Citation): Check {
  return {
    kind: "regex",
    pattern: `^(None|${IP})$`,
    name: "validation.Any(validation.StringInSlice([]string{corev1.ClusterIPNone}, false), validation.IsIPAddress)",
    message: 'expected to be one of ["None"] or to contain a valid IP',
    source,
  };
}

export const kubernetesFacts: ProviderFacts = {
  provider: "kubernetes",
  repository: "hashicorp/terraform-provider-kubernetes",
  tag: "v2.38.0",
  configuration: {
    source: "kubernetes/provider.go:42",
    attributes: {
      config_path: { conflictsWith: { paths: ["config_paths"], source: "kubernetes/provider.go:102" } },
      exec: { maxItems: { value: 1, source: "kubernetes/provider.go:136" } },
      experiments: { maxItems: { value: 1, source: "kubernetes/provider.go:174" } },
    },
  },
  resources: {
    kubernetes_namespace_v1: {
      source: "kubernetes/resource_kubernetes_namespace_v1.go:33",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:73" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          conflictsWith: { paths: ["metadata.generate_name"], source: "kubernetes/schema_metadata.go:66" },
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:62",
          conflictsWith: { paths: ["metadata.name"], source: "kubernetes/schema_metadata.go:64" },
          checks: [...validateGenerateName("kubernetes/schema_metadata.go:63")],
        },
        wait_for_default_service_account: {
          default: { value: false, source: "kubernetes/resource_kubernetes_namespace_v1.go:38" },
        },
      },
    },
    kubernetes_deployment_v1: {
      source: "kubernetes/resource_kubernetes_deployment_v1.go:55",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
        "metadata.namespace": {
          forceNew: "kubernetes/schema_metadata.go:95",
          default: { value: "default", source: "kubernetes/schema_metadata.go:96" },
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateGenerateName("kubernetes/schema_metadata.go:104")],
        },
        spec: { maxItems: { value: 1, source: "kubernetes/resource_kubernetes_deployment_v1.go:66" } },
        "spec.min_ready_seconds": {
          default: { value: 0, source: "kubernetes/resource_kubernetes_deployment_v1.go:73" },
        },
        "spec.paused": { default: { value: false, source: "kubernetes/resource_kubernetes_deployment_v1.go:79" } },
        "spec.progress_deadline_seconds": {
          default: { value: 600, source: "kubernetes/resource_kubernetes_deployment_v1.go:85" },
        },
        "spec.replicas": {
          optionalComputed: "kubernetes/resource_kubernetes_deployment_v1.go:91",
          checks: [...validateTypeStringNullableInt("kubernetes/resource_kubernetes_deployment_v1.go:92")],
        },
        "spec.revision_history_limit": {
          default: { value: 10, source: "kubernetes/resource_kubernetes_deployment_v1.go:98" },
        },
        "spec.selector": {
          forceNew: "kubernetes/resource_kubernetes_deployment_v1.go:104",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_deployment_v1.go:105" },
        },
        "spec.selector.match_expressions": { forceNew: "kubernetes/resource_kubernetes_deployment_v1.go:112" },
        "spec.selector.match_expressions.key": { forceNew: "kubernetes/resource_kubernetes_deployment_v1.go:119" },
        "spec.selector.match_expressions.operator": { forceNew: "kubernetes/resource_kubernetes_deployment_v1.go:125" },
        "spec.selector.match_expressions.values": { forceNew: "kubernetes/resource_kubernetes_deployment_v1.go:131" },
        "spec.selector.match_labels": { forceNew: "kubernetes/resource_kubernetes_deployment_v1.go:142" },
        "spec.strategy": {
          optionalComputed: "kubernetes/resource_kubernetes_deployment_v1.go:151",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_deployment_v1.go:152" },
        },
        "spec.strategy.type": {
          default: { value: "RollingUpdate", source: "kubernetes/resource_kubernetes_deployment_v1.go:159" },
          checks: [
            stringInSlice(["RollingUpdate", "Recreate"], false, "kubernetes/resource_kubernetes_deployment_v1.go:160"),
          ],
        },
        "spec.strategy.rolling_update": {
          optionalComputed: "kubernetes/resource_kubernetes_deployment_v1.go:166",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_deployment_v1.go:167" },
        },
        "spec.strategy.rolling_update.max_surge": {
          default: { value: "25%", source: "kubernetes/resource_kubernetes_deployment_v1.go:174" },
          checks: [
            {
              kind: "regex",
              pattern: "^([0-9]+|[0-9]+%|)$",
              name: "validation.StringMatch",
              message: 'expected value to match regular expression "^([0-9]+|[0-9]+%|)$"',
              source: "kubernetes/resource_kubernetes_deployment_v1.go:175",
            },
          ],
        },
        "spec.strategy.rolling_update.max_unavailable": {
          default: { value: "25%", source: "kubernetes/resource_kubernetes_deployment_v1.go:181" },
          checks: [
            {
              kind: "regex",
              pattern: "^([0-9]+|[0-9]+%|)$",
              name: "validation.StringMatch",
              message: 'expected value to match regular expression "^([0-9]+|[0-9]+%|)$"',
              source: "kubernetes/resource_kubernetes_deployment_v1.go:182",
            },
          ],
        },
        "spec.template": { maxItems: { value: 1, source: "kubernetes/resource_kubernetes_deployment_v1.go:194" } },
        "spec.template.metadata": { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "spec.template.metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "spec.template.metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "spec.template.metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
        "spec.template.metadata.namespace": { forceNew: "kubernetes/schema_metadata.go:95" },
        "spec.template.metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateGenerateName("kubernetes/schema_metadata.go:104")],
        },
        "spec.template.spec": { maxItems: { value: 1, source: "kubernetes/resource_kubernetes_deployment_v1.go:202" } },
        "spec.template.spec.affinity": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:20" } },
        "spec.template.spec.affinity.node_affinity": {
          maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:17" },
        },
        "spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution": {
          maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:49" },
        },
        "spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term.match_expressions.operator":
          {
            checks: [
              stringInSlice(
                ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
                false,
                "kubernetes/schema_affinity_spec.go:114"
              ),
            ],
          },
        "spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term.match_fields":
          { forceNew: "kubernetes/schema_affinity_spec.go:130" },
        "spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term.match_fields.key":
          { forceNew: "kubernetes/schema_node_selector_term.go:16" },
        "spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term.match_fields.operator":
          { forceNew: "kubernetes/schema_node_selector_term.go:22" },
        "spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term.match_fields.values":
          { forceNew: "kubernetes/schema_node_selector_term.go:28" },
        "spec.template.spec.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution.preference": {
          maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:89" },
        },
        "spec.template.spec.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution.preference.match_expressions.operator":
          {
            checks: [
              stringInSlice(
                ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
                false,
                "kubernetes/schema_affinity_spec.go:114"
              ),
            ],
          },
        "spec.template.spec.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution.preference.match_fields":
          { forceNew: "kubernetes/schema_affinity_spec.go:130" },
        "spec.template.spec.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution.preference.match_fields.key":
          { forceNew: "kubernetes/schema_node_selector_term.go:16" },
        "spec.template.spec.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution.preference.match_fields.operator":
          { forceNew: "kubernetes/schema_node_selector_term.go:22" },
        "spec.template.spec.affinity.node_affinity.preferred_during_scheduling_ignored_during_execution.preference.match_fields.values":
          { forceNew: "kubernetes/schema_node_selector_term.go:28" },
        "spec.template.spec.affinity.pod_affinity": {
          maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:26" },
        },
        "spec.template.spec.affinity.pod_affinity.preferred_during_scheduling_ignored_during_execution.pod_affinity_term":
          { maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:203" } },
        "spec.template.spec.affinity.pod_anti_affinity": {
          maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:35" },
        },
        "spec.template.spec.affinity.pod_anti_affinity.preferred_during_scheduling_ignored_during_execution.pod_affinity_term":
          { maxItems: { value: 1, source: "kubernetes/schema_affinity_spec.go:203" } },
        "spec.template.spec.active_deadline_seconds": {
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_pod_spec.go:32"
            ),
          ],
        },
        "spec.template.spec.automount_service_account_token": {
          default: { value: true, source: "kubernetes/schema_pod_spec.go:38" },
        },
        "spec.template.spec.container.env.value_from": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:313" },
        },
        "spec.template.spec.container.env.value_from.config_map_key_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:320" },
        },
        "spec.template.spec.container.env.value_from.field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:348" },
        },
        "spec.template.spec.container.env.value_from.field_ref.api_version": {
          default: { value: "v1", source: "kubernetes/schema_container.go:356" },
        },
        "spec.template.spec.container.env.value_from.resource_field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:371" },
        },
        "spec.template.spec.container.env.value_from.resource_field_ref.divisor": {
          default: { value: "1", source: "kubernetes/schema_container.go:383" },
          checks: [...validateResourceQuantity("kubernetes/schema_container.go:384")],
        },
        "spec.template.spec.container.env.value_from.secret_key_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:399" },
        },
        "spec.template.spec.container.env_from.config_map_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:439" },
        },
        "spec.template.spec.container.env_from.secret_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:467" },
        },
        "spec.template.spec.container.image_pull_policy": { optionalComputed: "kubernetes/schema_container.go:498" },
        "spec.template.spec.container.lifecycle": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:505" },
        },
        "spec.template.spec.container.lifecycle.post_start.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.container.lifecycle.post_start.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.container.lifecycle.post_start.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.container.lifecycle.post_start.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.container.lifecycle.post_start.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.container.lifecycle.pre_stop.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.container.lifecycle.pre_stop.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.container.lifecycle.pre_stop.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.container.lifecycle.pre_stop.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.container.lifecycle.pre_stop.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.container.liveness_probe": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:533" },
        },
        "spec.template.spec.container.liveness_probe.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.container.liveness_probe.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.container.liveness_probe.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.container.liveness_probe.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.container.liveness_probe.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.container.liveness_probe.grpc.port": {
          checks: [
            intRange(
              "validatePortNum",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:704"
            ),
          ],
        },
        "spec.template.spec.container.liveness_probe.failure_threshold": {
          default: { value: 3, source: "kubernetes/schema_container.go:719" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:720"
            ),
          ],
        },
        "spec.template.spec.container.liveness_probe.period_seconds": {
          default: { value: 10, source: "kubernetes/schema_container.go:730" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:731"
            ),
          ],
        },
        "spec.template.spec.container.liveness_probe.success_threshold": {
          default: { value: 1, source: "kubernetes/schema_container.go:737" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:738"
            ),
          ],
        },
        "spec.template.spec.container.liveness_probe.timeout_seconds": {
          default: { value: 1, source: "kubernetes/schema_container.go:745" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:746"
            ),
          ],
        },
        "spec.template.spec.container.port.container_port": {
          checks: [
            intRange(
              "validatePortNumOrName",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:553"
            ),
          ],
        },
        "spec.template.spec.container.port.host_port": {
          checks: [
            intRange(
              "validation.IsPortNumber",
              1,
              65535,
              "expected to be a valid port number (1 to 65535)",
              "kubernetes/schema_container.go:568"
            ),
          ],
        },
        "spec.template.spec.container.port.name": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:574")],
        },
        "spec.template.spec.container.port.protocol": {
          default: { value: "TCP", source: "kubernetes/schema_container.go:582" },
          checks: [stringInSlice(["TCP", "UDP"], false, "kubernetes/schema_container.go:583")],
        },
        "spec.template.spec.container.readiness_probe": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:594" },
        },
        "spec.template.spec.container.readiness_probe.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.container.readiness_probe.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.container.readiness_probe.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.container.readiness_probe.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.container.readiness_probe.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.container.readiness_probe.grpc.port": {
          checks: [
            intRange(
              "validatePortNum",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:704"
            ),
          ],
        },
        "spec.template.spec.container.readiness_probe.failure_threshold": {
          default: { value: 3, source: "kubernetes/schema_container.go:719" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:720"
            ),
          ],
        },
        "spec.template.spec.container.readiness_probe.period_seconds": {
          default: { value: 10, source: "kubernetes/schema_container.go:730" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:731"
            ),
          ],
        },
        "spec.template.spec.container.readiness_probe.success_threshold": {
          default: { value: 1, source: "kubernetes/schema_container.go:737" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:738"
            ),
          ],
        },
        "spec.template.spec.container.readiness_probe.timeout_seconds": {
          default: { value: 1, source: "kubernetes/schema_container.go:745" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:746"
            ),
          ],
        },
        "spec.template.spec.container.resources": {
          optionalComputed: "kubernetes/schema_container.go:604",
          maxItems: { value: 1, source: "kubernetes/schema_container.go:602" },
        },
        "spec.template.spec.container.resources.limits": { optionalComputed: "kubernetes/schema_container.go:109" },
        "spec.template.spec.container.resources.requests": { optionalComputed: "kubernetes/schema_container.go:120" },
        "spec.template.spec.container.security_context": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:613" },
        },
        "spec.template.spec.container.security_context.allow_privilege_escalation": {
          default: { value: true, source: "kubernetes/schema_container.go:760" },
        },
        "spec.template.spec.container.security_context.capabilities": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:767" },
        },
        "spec.template.spec.container.security_context.privileged": {
          default: { value: false, source: "kubernetes/schema_container.go:792" },
        },
        "spec.template.spec.container.security_context.read_only_root_filesystem": {
          default: { value: false, source: "kubernetes/schema_container.go:799" },
        },
        "spec.template.spec.container.security_context.run_as_group": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_container.go:807")],
        },
        "spec.template.spec.container.security_context.run_as_user": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_container.go:820")],
        },
        "spec.template.spec.container.security_context.seccomp_profile": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:826" },
        },
        "spec.template.spec.container.security_context.seccomp_profile.localhost_profile": {
          default: { value: "", source: "kubernetes/schema_container.go:176" },
        },
        "spec.template.spec.container.security_context.seccomp_profile.type": {
          default: { value: "Unconfined", source: "kubernetes/schema_container.go:183" },
          checks: [
            stringInSlice(["Localhost", "RuntimeDefault", "Unconfined"], false, "kubernetes/schema_container.go:184"),
          ],
        },
        "spec.template.spec.container.security_context.se_linux_options": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:835" },
        },
        "spec.template.spec.container.startup_probe": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:621" },
        },
        "spec.template.spec.container.startup_probe.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.container.startup_probe.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.container.startup_probe.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.container.startup_probe.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.container.startup_probe.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.container.startup_probe.grpc.port": {
          checks: [
            intRange(
              "validatePortNum",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:704"
            ),
          ],
        },
        "spec.template.spec.container.startup_probe.failure_threshold": {
          default: { value: 3, source: "kubernetes/schema_container.go:719" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:720"
            ),
          ],
        },
        "spec.template.spec.container.startup_probe.period_seconds": {
          default: { value: 10, source: "kubernetes/schema_container.go:730" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:731"
            ),
          ],
        },
        "spec.template.spec.container.startup_probe.success_threshold": {
          default: { value: 1, source: "kubernetes/schema_container.go:737" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:738"
            ),
          ],
        },
        "spec.template.spec.container.startup_probe.timeout_seconds": {
          default: { value: 1, source: "kubernetes/schema_container.go:745" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:746"
            ),
          ],
        },
        "spec.template.spec.container.stdin": {
          default: { value: false, source: "kubernetes/schema_container.go:630" },
        },
        "spec.template.spec.container.stdin_once": {
          default: { value: false, source: "kubernetes/schema_container.go:637" },
        },
        "spec.template.spec.container.termination_message_path": {
          default: { value: "/dev/termination-log", source: "kubernetes/schema_container.go:644" },
        },
        "spec.template.spec.container.termination_message_policy": {
          optionalComputed: "kubernetes/schema_container.go:655",
          checks: [stringInSlice(["File", "FallbackToLogsOnError"], false, "kubernetes/schema_container.go:651")],
        },
        "spec.template.spec.container.tty": { default: { value: false, source: "kubernetes/schema_container.go:662" } },
        "spec.template.spec.container.volume_mount.read_only": {
          default: { value: false, source: "kubernetes/schema_container.go:238" },
        },
        "spec.template.spec.container.volume_mount.mount_propagation": {
          default: { value: "None", source: "kubernetes/schema_container.go:255" },
          checks: [
            stringInSlice(["None", "HostToContainer", "Bidirectional"], false, "kubernetes/schema_container.go:256"),
          ],
        },
        "spec.template.spec.readiness_gate": { optionalComputed: "kubernetes/schema_pod_spec.go:54" },
        "spec.template.spec.init_container.env.value_from": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:313" },
        },
        "spec.template.spec.init_container.env.value_from.config_map_key_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:320" },
        },
        "spec.template.spec.init_container.env.value_from.field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:348" },
        },
        "spec.template.spec.init_container.env.value_from.field_ref.api_version": {
          default: { value: "v1", source: "kubernetes/schema_container.go:356" },
        },
        "spec.template.spec.init_container.env.value_from.resource_field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:371" },
        },
        "spec.template.spec.init_container.env.value_from.resource_field_ref.divisor": {
          default: { value: "1", source: "kubernetes/schema_container.go:383" },
          checks: [...validateResourceQuantity("kubernetes/schema_container.go:384")],
        },
        "spec.template.spec.init_container.env.value_from.secret_key_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:399" },
        },
        "spec.template.spec.init_container.env_from.config_map_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:439" },
        },
        "spec.template.spec.init_container.env_from.secret_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:467" },
        },
        "spec.template.spec.init_container.image_pull_policy": {
          optionalComputed: "kubernetes/schema_container.go:498",
        },
        "spec.template.spec.init_container.lifecycle": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:505" },
        },
        "spec.template.spec.init_container.lifecycle.post_start.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.init_container.lifecycle.post_start.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.init_container.lifecycle.post_start.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.init_container.lifecycle.post_start.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.init_container.lifecycle.post_start.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.init_container.lifecycle.pre_stop.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.init_container.lifecycle.pre_stop.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.init_container.lifecycle.pre_stop.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.init_container.lifecycle.pre_stop.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.init_container.lifecycle.pre_stop.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.init_container.liveness_probe": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:533" },
        },
        "spec.template.spec.init_container.liveness_probe.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.init_container.liveness_probe.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.init_container.liveness_probe.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.init_container.liveness_probe.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.init_container.liveness_probe.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.init_container.liveness_probe.grpc.port": {
          checks: [
            intRange(
              "validatePortNum",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:704"
            ),
          ],
        },
        "spec.template.spec.init_container.liveness_probe.failure_threshold": {
          default: { value: 3, source: "kubernetes/schema_container.go:719" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:720"
            ),
          ],
        },
        "spec.template.spec.init_container.liveness_probe.period_seconds": {
          default: { value: 10, source: "kubernetes/schema_container.go:730" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:731"
            ),
          ],
        },
        "spec.template.spec.init_container.liveness_probe.success_threshold": {
          default: { value: 1, source: "kubernetes/schema_container.go:737" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:738"
            ),
          ],
        },
        "spec.template.spec.init_container.liveness_probe.timeout_seconds": {
          default: { value: 1, source: "kubernetes/schema_container.go:745" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:746"
            ),
          ],
        },
        "spec.template.spec.init_container.port.container_port": {
          checks: [
            intRange(
              "validatePortNumOrName",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:553"
            ),
          ],
        },
        "spec.template.spec.init_container.port.host_port": {
          checks: [
            intRange(
              "validation.IsPortNumber",
              1,
              65535,
              "expected to be a valid port number (1 to 65535)",
              "kubernetes/schema_container.go:568"
            ),
          ],
        },
        "spec.template.spec.init_container.port.name": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:574")],
        },
        "spec.template.spec.init_container.port.protocol": {
          default: { value: "TCP", source: "kubernetes/schema_container.go:582" },
          checks: [stringInSlice(["TCP", "UDP"], false, "kubernetes/schema_container.go:583")],
        },
        "spec.template.spec.init_container.readiness_probe": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:594" },
        },
        "spec.template.spec.init_container.readiness_probe.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.init_container.readiness_probe.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.init_container.readiness_probe.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.init_container.readiness_probe.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.init_container.readiness_probe.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.init_container.readiness_probe.grpc.port": {
          checks: [
            intRange(
              "validatePortNum",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:704"
            ),
          ],
        },
        "spec.template.spec.init_container.readiness_probe.failure_threshold": {
          default: { value: 3, source: "kubernetes/schema_container.go:719" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:720"
            ),
          ],
        },
        "spec.template.spec.init_container.readiness_probe.period_seconds": {
          default: { value: 10, source: "kubernetes/schema_container.go:730" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:731"
            ),
          ],
        },
        "spec.template.spec.init_container.readiness_probe.success_threshold": {
          default: { value: 1, source: "kubernetes/schema_container.go:737" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:738"
            ),
          ],
        },
        "spec.template.spec.init_container.readiness_probe.timeout_seconds": {
          default: { value: 1, source: "kubernetes/schema_container.go:745" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:746"
            ),
          ],
        },
        "spec.template.spec.init_container.resources": {
          optionalComputed: "kubernetes/schema_container.go:604",
          maxItems: { value: 1, source: "kubernetes/schema_container.go:602" },
        },
        "spec.template.spec.init_container.resources.limits": {
          optionalComputed: "kubernetes/schema_container.go:109",
        },
        "spec.template.spec.init_container.resources.requests": {
          optionalComputed: "kubernetes/schema_container.go:120",
        },
        "spec.template.spec.init_container.security_context": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:613" },
        },
        "spec.template.spec.init_container.security_context.allow_privilege_escalation": {
          default: { value: true, source: "kubernetes/schema_container.go:760" },
        },
        "spec.template.spec.init_container.security_context.capabilities": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:767" },
        },
        "spec.template.spec.init_container.security_context.privileged": {
          default: { value: false, source: "kubernetes/schema_container.go:792" },
        },
        "spec.template.spec.init_container.security_context.read_only_root_filesystem": {
          default: { value: false, source: "kubernetes/schema_container.go:799" },
        },
        "spec.template.spec.init_container.security_context.run_as_group": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_container.go:807")],
        },
        "spec.template.spec.init_container.security_context.run_as_user": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_container.go:820")],
        },
        "spec.template.spec.init_container.security_context.seccomp_profile": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:826" },
        },
        "spec.template.spec.init_container.security_context.seccomp_profile.localhost_profile": {
          default: { value: "", source: "kubernetes/schema_container.go:176" },
        },
        "spec.template.spec.init_container.security_context.seccomp_profile.type": {
          default: { value: "Unconfined", source: "kubernetes/schema_container.go:183" },
          checks: [
            stringInSlice(["Localhost", "RuntimeDefault", "Unconfined"], false, "kubernetes/schema_container.go:184"),
          ],
        },
        "spec.template.spec.init_container.security_context.se_linux_options": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:835" },
        },
        "spec.template.spec.init_container.startup_probe": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:621" },
        },
        "spec.template.spec.init_container.startup_probe.exec": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:18" },
        },
        "spec.template.spec.init_container.startup_probe.http_get": {
          maxItems: { value: 1, source: "kubernetes/schema_container.go:34" },
        },
        "spec.template.spec.init_container.startup_probe.http_get.scheme": {
          default: { value: "HTTP", source: "kubernetes/schema_container.go:51" },
          checks: [stringInSlice(["HTTP", "HTTPS"], false, "kubernetes/schema_container.go:53")],
        },
        "spec.template.spec.init_container.startup_probe.http_get.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:61")],
        },
        "spec.template.spec.init_container.startup_probe.tcp_socket.port": {
          checks: [...validatePortNumOrName("kubernetes/schema_container.go:95")],
        },
        "spec.template.spec.init_container.startup_probe.grpc.port": {
          checks: [
            intRange(
              "validatePortNum",
              1,
              65535,
              "must be between 1 and 65535, inclusive",
              "kubernetes/schema_container.go:704"
            ),
          ],
        },
        "spec.template.spec.init_container.startup_probe.failure_threshold": {
          default: { value: 3, source: "kubernetes/schema_container.go:719" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:720"
            ),
          ],
        },
        "spec.template.spec.init_container.startup_probe.period_seconds": {
          default: { value: 10, source: "kubernetes/schema_container.go:730" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:731"
            ),
          ],
        },
        "spec.template.spec.init_container.startup_probe.success_threshold": {
          default: { value: 1, source: "kubernetes/schema_container.go:737" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:738"
            ),
          ],
        },
        "spec.template.spec.init_container.startup_probe.timeout_seconds": {
          default: { value: 1, source: "kubernetes/schema_container.go:745" },
          checks: [
            intRange(
              "validatePositiveInteger",
              1,
              undefined,
              "must be greater than 0",
              "kubernetes/schema_container.go:746"
            ),
          ],
        },
        "spec.template.spec.init_container.stdin": {
          default: { value: false, source: "kubernetes/schema_container.go:630" },
        },
        "spec.template.spec.init_container.stdin_once": {
          default: { value: false, source: "kubernetes/schema_container.go:637" },
        },
        "spec.template.spec.init_container.termination_message_path": {
          default: { value: "/dev/termination-log", source: "kubernetes/schema_container.go:644" },
        },
        "spec.template.spec.init_container.termination_message_policy": {
          optionalComputed: "kubernetes/schema_container.go:655",
          checks: [stringInSlice(["File", "FallbackToLogsOnError"], false, "kubernetes/schema_container.go:651")],
        },
        "spec.template.spec.init_container.tty": {
          default: { value: false, source: "kubernetes/schema_container.go:662" },
        },
        "spec.template.spec.init_container.volume_mount.read_only": {
          default: { value: false, source: "kubernetes/schema_container.go:238" },
        },
        "spec.template.spec.init_container.volume_mount.mount_propagation": {
          default: { value: "None", source: "kubernetes/schema_container.go:255" },
          checks: [
            stringInSlice(["None", "HostToContainer", "Bidirectional"], false, "kubernetes/schema_container.go:256"),
          ],
        },
        "spec.template.spec.dns_policy": {
          default: { value: "ClusterFirst", source: "kubernetes/schema_pod_spec.go:81" },
          checks: [
            stringInSlice(
              ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
              false,
              "kubernetes/schema_pod_spec.go:83"
            ),
          ],
        },
        "spec.template.spec.dns_config": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:93" } },
        "spec.template.spec.dns_config.nameservers": { checks: [...isIPAddress("kubernetes/schema_pod_spec.go:104")] },
        "spec.template.spec.dns_config.searches": { checks: [...validateName("kubernetes/schema_pod_spec.go:134")] },
        "spec.template.spec.enable_service_links": {
          default: { value: true, source: "kubernetes/schema_pod_spec.go:145" },
        },
        "spec.template.spec.host_aliases.ip": { checks: [...isIPAddress("kubernetes/schema_pod_spec.go:168")] },
        "spec.template.spec.host_ipc": { default: { value: false, source: "kubernetes/schema_pod_spec.go:178" } },
        "spec.template.spec.host_network": { default: { value: false, source: "kubernetes/schema_pod_spec.go:186" } },
        "spec.template.spec.host_pid": { default: { value: false, source: "kubernetes/schema_pod_spec.go:195" } },
        "spec.template.spec.hostname": { optionalComputed: "kubernetes/schema_pod_spec.go:202" },
        "spec.template.spec.os": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:209" } },
        "spec.template.spec.os.name": {
          checks: [stringInSlice(["linux", "windows"], false, "kubernetes/schema_pod_spec.go:216")],
        },
        "spec.template.spec.image_pull_secrets": { optionalComputed: "kubernetes/schema_pod_spec.go:226" },
        "spec.template.spec.node_name": { optionalComputed: "kubernetes/schema_pod_spec.go:241" },
        "spec.template.spec.restart_policy": {
          default: { value: "Always", source: "kubernetes/schema_pod_spec.go:271" },
          checks: [stringInSlice(["Always"], false, "kubernetes/resource_kubernetes_deployment_v1.go:225")],
        },
        "spec.template.spec.security_context": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:283" } },
        "spec.template.spec.security_context.fs_group": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_pod_spec.go:291")],
        },
        "spec.template.spec.security_context.run_as_group": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_pod_spec.go:298")],
        },
        "spec.template.spec.security_context.run_as_user": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_pod_spec.go:311")],
        },
        "spec.template.spec.security_context.seccomp_profile": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:318" },
        },
        "spec.template.spec.security_context.seccomp_profile.localhost_profile": {
          default: { value: "", source: "kubernetes/schema_container.go:176" },
        },
        "spec.template.spec.security_context.seccomp_profile.type": {
          default: { value: "Unconfined", source: "kubernetes/schema_container.go:183" },
          checks: [
            stringInSlice(["Localhost", "RuntimeDefault", "Unconfined"], false, "kubernetes/schema_container.go:184"),
          ],
        },
        "spec.template.spec.security_context.se_linux_options": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:327" },
        },
        "spec.template.spec.security_context.fs_group_change_policy": {
          checks: [stringInSlice(["Always", "OnRootMismatch"], false, "kubernetes/schema_pod_spec.go:336")],
        },
        "spec.template.spec.security_context.windows_options": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:353" },
        },
        "spec.template.spec.security_context.windows_options.host_process": {
          default: { value: false, source: "kubernetes/schema_pod_spec.go:371" },
        },
        "spec.template.spec.scheduler_name": { optionalComputed: "kubernetes/schema_pod_spec.go:409" },
        "spec.template.spec.service_account_name": { optionalComputed: "kubernetes/schema_pod_spec.go:416" },
        "spec.template.spec.share_process_namespace": {
          default: { value: false, source: "kubernetes/schema_pod_spec.go:423" },
        },
        "spec.template.spec.termination_grace_period_seconds": {
          default: { value: 30, source: "kubernetes/schema_pod_spec.go:439" },
          checks: [
            intRange(
              "validateTerminationGracePeriodSeconds",
              0,
              undefined,
              "must be greater than or equal to 0",
              "kubernetes/schema_pod_spec.go:440"
            ),
          ],
        },
        "spec.template.spec.toleration.effect": {
          checks: [
            stringInSlice(["NoSchedule", "PreferNoSchedule", "NoExecute"], false, "kubernetes/schema_pod_spec.go:454"),
          ],
        },
        "spec.template.spec.toleration.operator": {
          default: { value: "Equal", source: "kubernetes/schema_pod_spec.go:469" },
          checks: [stringInSlice(["Exists", "Equal"], false, "kubernetes/schema_pod_spec.go:472")],
        },
        "spec.template.spec.toleration.toleration_seconds": {
          checks: [...validateTypeStringNullableInt("kubernetes/schema_pod_spec.go:483")],
        },
        "spec.template.spec.topology_spread_constraint.max_skew": {
          default: { value: 1, source: "kubernetes/schema_pod_spec.go:513" },
          checks: [
            intRange(
              "validation.IntAtLeast(1)",
              1,
              undefined,
              "expected to be at least (1)",
              "kubernetes/schema_pod_spec.go:514"
            ),
          ],
        },
        "spec.template.spec.topology_spread_constraint.min_domains": {
          checks: [
            intRange(
              "validation.IntAtLeast(1)",
              1,
              undefined,
              "expected to be at least (1)",
              "kubernetes/schema_pod_spec.go:521"
            ),
          ],
        },
        "spec.template.spec.topology_spread_constraint.node_affinity_policy": {
          checks: [stringInSlice(["Honor", "Ignore"], false, "kubernetes/schema_pod_spec.go:528")],
        },
        "spec.template.spec.topology_spread_constraint.node_taints_policy": {
          checks: [stringInSlice(["Honor", "Ignore"], false, "kubernetes/schema_pod_spec.go:535")],
        },
        "spec.template.spec.topology_spread_constraint.when_unsatisfiable": {
          default: { value: "DoNotSchedule", source: "kubernetes/schema_pod_spec.go:545" },
          checks: [stringInSlice(["DoNotSchedule", "ScheduleAnyway"], false, "kubernetes/schema_pod_spec.go:547")],
        },
        "spec.template.spec.volume.host_path": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:64" },
        },
        "spec.template.spec.volume.host_path.type": {
          checks: [
            stringInSlice(
              ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"],
              false,
              "kubernetes/schema_volume_source.go:76"
            ),
          ],
        },
        "spec.template.spec.volume.local": { maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:85" } },
        "spec.template.spec.volume.aws_elastic_block_store": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:100" },
        },
        "spec.template.spec.volume.azure_disk": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:130" },
        },
        "spec.template.spec.volume.azure_disk.kind": { optionalComputed: "kubernetes/schema_volume_source.go:157" },
        "spec.template.spec.volume.azure_disk.read_only": {
          default: { value: false, source: "kubernetes/schema_volume_source.go:163" },
        },
        "spec.template.spec.volume.azure_file": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:172" },
        },
        "spec.template.spec.volume.azure_file.secret_namespace": { forceNew: "kubernetes/schema_volume_source.go:190" },
        "spec.template.spec.volume.ceph_fs": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:204" },
        },
        "spec.template.spec.volume.ceph_fs.secret_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:602" },
        },
        "spec.template.spec.volume.ceph_fs.secret_ref.namespace": {
          optionalComputed: "kubernetes/schema_volume_source.go:614",
        },
        "spec.template.spec.volume.cinder": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:242" },
        },
        "spec.template.spec.volume.fc": { maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:267" } },
        "spec.template.spec.volume.flex_volume": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:299" },
        },
        "spec.template.spec.volume.flex_volume.secret_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:602" },
        },
        "spec.template.spec.volume.flex_volume.secret_ref.namespace": {
          optionalComputed: "kubernetes/schema_volume_source.go:614",
        },
        "spec.template.spec.volume.flocker": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:330" },
        },
        "spec.template.spec.volume.gce_persistent_disk": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:350" },
        },
        "spec.template.spec.volume.glusterfs": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:380" },
        },
        "spec.template.spec.volume.iscsi": { maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:405" } },
        "spec.template.spec.volume.iscsi.iscsi_interface": {
          default: { value: "default", source: "kubernetes/schema_volume_source.go:422" },
        },
        "spec.template.spec.volume.nfs": { maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:446" } },
        "spec.template.spec.volume.photon_persistent_disk": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:471" },
        },
        "spec.template.spec.volume.quobyte": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:491" },
        },
        "spec.template.spec.volume.rbd": { maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:526" } },
        "spec.template.spec.volume.rbd.keyring": { optionalComputed: "kubernetes/schema_volume_source.go:545" },
        "spec.template.spec.volume.rbd.rados_user": {
          default: { value: "admin", source: "kubernetes/schema_volume_source.go:551" },
        },
        "spec.template.spec.volume.rbd.rbd_pool": {
          default: { value: "rbd", source: "kubernetes/schema_volume_source.go:562" },
        },
        "spec.template.spec.volume.rbd.read_only": {
          default: { value: false, source: "kubernetes/schema_volume_source.go:568" },
        },
        "spec.template.spec.volume.rbd.secret_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:602" },
        },
        "spec.template.spec.volume.rbd.secret_ref.namespace": {
          optionalComputed: "kubernetes/schema_volume_source.go:614",
        },
        "spec.template.spec.volume.vsphere_volume": {
          maxItems: { value: 1, source: "kubernetes/schema_volume_source.go:578" },
        },
        "spec.template.spec.volume.config_map": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:580" } },
        "spec.template.spec.volume.config_map.items.mode": {
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:598")],
        },
        "spec.template.spec.volume.config_map.items.path": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:603")],
        },
        "spec.template.spec.volume.config_map.default_mode": {
          default: { value: "0644", source: "kubernetes/schema_pod_spec.go:613" },
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:614")],
        },
        "spec.template.spec.volume.git_repo": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:634" } },
        "spec.template.spec.volume.git_repo.directory": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:641")],
        },
        "spec.template.spec.volume.downward_api": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:660" },
        },
        "spec.template.spec.volume.downward_api.default_mode": {
          default: { value: "0644", source: "kubernetes/schema_pod_spec.go:667" },
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:668")],
        },
        "spec.template.spec.volume.downward_api.items.field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:679" },
        },
        "spec.template.spec.volume.downward_api.items.field_ref.api_version": {
          default: { value: "v1", source: "kubernetes/schema_pod_spec.go:686" },
        },
        "spec.template.spec.volume.downward_api.items.mode": {
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:701")],
        },
        "spec.template.spec.volume.downward_api.items.path": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:706")],
        },
        "spec.template.spec.volume.downward_api.items.resource_field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:712" },
        },
        "spec.template.spec.volume.downward_api.items.resource_field_ref.divisor": {
          default: { value: "1", source: "kubernetes/schema_pod_spec.go:723" },
          checks: [...validateResourceQuantity("kubernetes/schema_pod_spec.go:724")],
        },
        "spec.template.spec.volume.empty_dir": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:755" } },
        "spec.template.spec.volume.empty_dir.medium": {
          default: { value: "", source: "kubernetes/schema_pod_spec.go:762" },
          checks: [
            stringInSlice(
              ["", "Memory", "HugePages", "HugePages-2Mi", "HugePages-1Gi"],
              false,
              "kubernetes/schema_pod_spec.go:764"
            ),
          ],
        },
        "spec.template.spec.volume.empty_dir.size_limit": {
          checks: [...validateResourceQuantity("kubernetes/schema_pod_spec.go:771")],
        },
        "spec.template.spec.volume.ephemeral": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:782" } },
        "spec.template.spec.volume.ephemeral.volume_claim_template": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:789" },
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.metadata": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:796" },
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.metadata.annotations": {
          checks: [...validateAnnotations("kubernetes/schema_pod_spec.go:804")],
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.metadata.labels": {
          checks: [...validateLabels("kubernetes/schema_pod_spec.go:811")],
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:820" },
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.access_modes": {
          forceNew: "kubernetes/schema_persistent_volume_claim.go:33",
          checks: [
            stringInSlice(
              ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
              false,
              "kubernetes/schema_persistent_volume_claim.go:36"
            ),
          ],
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.resources": {
          maxItems: { value: 1, source: "kubernetes/schema_persistent_volume_claim.go:49" },
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.resources.limits": {
          forceNew: "kubernetes/schema_persistent_volume_claim.go:56",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.selector": {
          forceNew: "kubernetes/schema_persistent_volume_claim.go:73",
          maxItems: { value: 1, source: "kubernetes/schema_persistent_volume_claim.go:74" },
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.selector.match_expressions": {
          forceNew: "kubernetes/schema_label_selector.go:16",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.selector.match_expressions.key": {
          forceNew: "kubernetes/schema_label_selector.go:23",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.selector.match_expressions.operator": {
          forceNew: "kubernetes/schema_label_selector.go:29",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.selector.match_expressions.values": {
          forceNew: "kubernetes/schema_label_selector.go:35",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.selector.match_labels": {
          forceNew: "kubernetes/schema_label_selector.go:46",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.volume_name": {
          forceNew: "kubernetes/schema_persistent_volume_claim.go:83",
          optionalComputed: "kubernetes/schema_persistent_volume_claim.go:84",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.storage_class_name": {
          forceNew: "kubernetes/schema_persistent_volume_claim.go:91",
          optionalComputed: "kubernetes/schema_persistent_volume_claim.go:90",
        },
        "spec.template.spec.volume.ephemeral.volume_claim_template.spec.volume_mode": {
          forceNew: "kubernetes/schema_persistent_volume_claim.go:98",
          optionalComputed: "kubernetes/schema_persistent_volume_claim.go:97",
          checks: [stringInSlice(["Block", "Filesystem"], false, "kubernetes/schema_persistent_volume_claim.go:99")],
        },
        "spec.template.spec.volume.persistent_volume_claim": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:836" },
        },
        "spec.template.spec.volume.persistent_volume_claim.read_only": {
          default: { value: false, source: "kubernetes/schema_pod_spec.go:848" },
        },
        "spec.template.spec.volume.secret": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:858" } },
        "spec.template.spec.volume.secret.default_mode": {
          default: { value: "0644", source: "kubernetes/schema_pod_spec.go:865" },
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:866")],
        },
        "spec.template.spec.volume.secret.items.mode": {
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:883")],
        },
        "spec.template.spec.volume.secret.items.path": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:888")],
        },
        "spec.template.spec.volume.projected.default_mode": {
          default: { value: "0644", source: "kubernetes/schema_pod_spec.go:923" },
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:924")],
        },
        "spec.template.spec.volume.projected.sources": {
          minItems: { value: 1, source: "kubernetes/schema_pod_spec.go:930" },
        },
        "spec.template.spec.volume.projected.sources.secret.items.mode": {
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:960")],
        },
        "spec.template.spec.volume.projected.sources.secret.items.path": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:965")],
        },
        "spec.template.spec.volume.projected.sources.config_map.items.mode": {
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:1006")],
        },
        "spec.template.spec.volume.projected.sources.config_map.items.path": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:1011")],
        },
        "spec.template.spec.volume.projected.sources.downward_api": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:1030" },
        },
        "spec.template.spec.volume.projected.sources.downward_api.items.field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:1042" },
        },
        "spec.template.spec.volume.projected.sources.downward_api.items.field_ref.api_version": {
          default: { value: "v1", source: "kubernetes/schema_pod_spec.go:1049" },
        },
        "spec.template.spec.volume.projected.sources.downward_api.items.mode": {
          checks: [...validateModeBits("kubernetes/schema_pod_spec.go:1064")],
        },
        "spec.template.spec.volume.projected.sources.downward_api.items.path": {
          checks: [...validatePath("kubernetes/schema_pod_spec.go:1069")],
        },
        "spec.template.spec.volume.projected.sources.downward_api.items.resource_field_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:1075" },
        },
        "spec.template.spec.volume.projected.sources.downward_api.items.resource_field_ref.divisor": {
          default: { value: "1", source: "kubernetes/schema_pod_spec.go:1086" },
          checks: [...validateResourceQuantity("kubernetes/schema_pod_spec.go:1087")],
        },
        "spec.template.spec.volume.projected.sources.service_account_token": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:1108" },
        },
        "spec.template.spec.volume.projected.sources.service_account_token.expiration_seconds": {
          default: { value: 3600, source: "kubernetes/schema_pod_spec.go:1119" },
          checks: [
            intRange(
              "validateIntGreaterThan(600)",
              600,
              undefined,
              "must be greater than or equal to 600",
              "kubernetes/schema_pod_spec.go:1121"
            ),
          ],
        },
        "spec.template.spec.volume.csi": { maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:1141" } },
        "spec.template.spec.volume.csi.node_publish_secret_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_pod_spec.go:1168" },
        },
        wait_for_rollout: { default: { value: true, source: "kubernetes/resource_kubernetes_deployment_v1.go:216" } },
      },
    },
    kubernetes_service_v1: {
      source: "kubernetes/resource_kubernetes_service_v1.go:45",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
        "metadata.namespace": {
          forceNew: "kubernetes/schema_metadata.go:95",
          default: { value: "default", source: "kubernetes/schema_metadata.go:96" },
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateGenerateName("kubernetes/schema_metadata.go:104")],
        },
        spec: { maxItems: { value: 1, source: "kubernetes/resource_kubernetes_service_v1.go:56" } },
        "spec.allocate_load_balancer_node_ports": {
          default: { value: true, source: "kubernetes/resource_kubernetes_service_v1.go:63" },
        },
        "spec.cluster_ip": {
          forceNew: "kubernetes/resource_kubernetes_service_v1.go:69",
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:70",
          checks: [noneOrIPAddress("kubernetes/resource_kubernetes_service_v1.go:71")],
        },
        "spec.cluster_ips": {
          forceNew: "kubernetes/resource_kubernetes_service_v1.go:80",
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:81",
          maxItems: { value: 2, source: "kubernetes/resource_kubernetes_service_v1.go:82" },
          checks: [noneOrIPAddress("kubernetes/resource_kubernetes_service_v1.go:85")],
        },
        "spec.external_ips": { checks: [...isIPAddress("kubernetes/resource_kubernetes_service_v1.go:97")] },
        "spec.external_traffic_policy": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:109",
          checks: [stringInSlice(["Local", "Cluster"], false, "kubernetes/resource_kubernetes_service_v1.go:110")],
        },
        "spec.ip_families": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:119",
          maxItems: { value: 2, source: "kubernetes/resource_kubernetes_service_v1.go:120" },
          checks: [stringInSlice(["IPv4", "IPv6"], false, "kubernetes/resource_kubernetes_service_v1.go:123")],
        },
        "spec.ip_family_policy": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:133",
          checks: [
            stringInSlice(
              ["SingleStack", "PreferDualStack", "RequireDualStack"],
              false,
              "kubernetes/resource_kubernetes_service_v1.go:134"
            ),
          ],
        },
        "spec.internal_traffic_policy": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:144",
          checks: [stringInSlice(["Cluster", "Local"], false, "kubernetes/resource_kubernetes_service_v1.go:145")],
        },
        "spec.load_balancer_class": { forceNew: "kubernetes/resource_kubernetes_service_v1.go:154" },
        "spec.load_balancer_ip": { checks: [...isIPAddress("kubernetes/resource_kubernetes_service_v1.go:160")] },
        "spec.load_balancer_source_ranges": { checks: [...isCIDR("kubernetes/resource_kubernetes_service_v1.go:168")] },
        "spec.port": { minItems: { value: 1, source: "kubernetes/resource_kubernetes_service_v1.go:175" } },
        "spec.port.node_port": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:191",
          checks: [
            intRange(
              "validation.IsPortNumberOrZero",
              0,
              65535,
              "expected to be a valid port number or 0",
              "kubernetes/resource_kubernetes_service_v1.go:193"
            ),
          ],
        },
        "spec.port.port": {
          checks: [
            intRange(
              "validation.IsPortNumber",
              1,
              65535,
              "expected to be a valid port number (1 to 65535)",
              "kubernetes/resource_kubernetes_service_v1.go:199"
            ),
          ],
        },
        "spec.port.protocol": {
          default: { value: "TCP", source: "kubernetes/resource_kubernetes_service_v1.go:205" },
          checks: [stringInSlice(["TCP", "UDP", "SCTP"], false, "kubernetes/resource_kubernetes_service_v1.go:206")],
        },
        "spec.port.target_port": { optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:216" },
        "spec.publish_not_ready_addresses": {
          default: { value: false, source: "kubernetes/resource_kubernetes_service_v1.go:224" },
        },
        "spec.session_affinity": {
          default: { value: "None", source: "kubernetes/resource_kubernetes_service_v1.go:236" },
          checks: [stringInSlice(["ClientIP", "None"], false, "kubernetes/resource_kubernetes_service_v1.go:237")],
        },
        "spec.session_affinity_config": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:246",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_service_v1.go:247" },
        },
        "spec.session_affinity_config.client_ip": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:254",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_service_v1.go:255" },
        },
        "spec.session_affinity_config.client_ip.timeout_seconds": {
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:262",
          checks: [
            intRange(
              "validation.IntBetween(1, 86400)",
              1,
              86400,
              "expected to be in the range (1 - 86400)",
              "kubernetes/resource_kubernetes_service_v1.go:263"
            ),
          ],
        },
        "spec.type": {
          default: { value: "ClusterIP", source: "kubernetes/resource_kubernetes_service_v1.go:275" },
          checks: [
            stringInSlice(
              ["ClusterIP", "ExternalName", "NodePort", "LoadBalancer"],
              false,
              "kubernetes/resource_kubernetes_service_v1.go:276"
            ),
          ],
        },
        "spec.health_check_node_port": {
          forceNew: "kubernetes/resource_kubernetes_service_v1.go:288",
          optionalComputed: "kubernetes/resource_kubernetes_service_v1.go:287",
          checks: [
            intRange(
              "validation.IsPortNumber",
              1,
              65535,
              "expected to be a valid port number (1 to 65535)",
              "kubernetes/resource_kubernetes_service_v1.go:289"
            ),
          ],
        },
        wait_for_load_balancer: {
          default: { value: true, source: "kubernetes/resource_kubernetes_service_v1.go:297" },
        },
      },
    },
    kubernetes_pod_disruption_budget_v1: {
      source: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:38",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
        "metadata.namespace": {
          forceNew: "kubernetes/schema_metadata.go:95",
          default: { value: "default", source: "kubernetes/schema_metadata.go:96" },
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateGenerateName("kubernetes/schema_metadata.go:104")],
        },
        spec: {
          forceNew: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:47",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:48" },
        },
        "spec.max_unavailable": {
          forceNew: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:55",
          checks: [
            ...validateTypeStringNullableIntOrPercent("kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:56"),
          ],
        },
        "spec.min_available": {
          forceNew: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:62",
          checks: [
            ...validateTypeStringNullableIntOrPercent("kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:63"),
          ],
        },
        "spec.selector": {
          forceNew: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:69",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:70" },
        },
        "spec.selector.match_expressions": { forceNew: "kubernetes/schema_label_selector.go:16" },
        "spec.selector.match_expressions.key": { forceNew: "kubernetes/schema_label_selector.go:23" },
        "spec.selector.match_expressions.operator": { forceNew: "kubernetes/schema_label_selector.go:29" },
        "spec.selector.match_expressions.values": { forceNew: "kubernetes/schema_label_selector.go:35" },
        "spec.selector.match_labels": { forceNew: "kubernetes/schema_label_selector.go:46" },
      },
    },
    kubernetes_horizontal_pod_autoscaler_v2: {
      source: "kubernetes/resource_kubernetes_horizontal_pod_autoscaler_v2.go:27",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
        "metadata.namespace": {
          forceNew: "kubernetes/schema_metadata.go:95",
          default: { value: "default", source: "kubernetes/schema_metadata.go:96" },
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateGenerateName("kubernetes/schema_metadata.go:104")],
        },
        spec: { maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:20" } },
        "spec.metric": { optionalComputed: "kubernetes/schema_horizontal_pod_autoscaler.go:30" },
        "spec.metric.container_resource": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:291" },
        },
        "spec.metric.container_resource.target": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:227" },
        },
        "spec.metric.external": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:298" },
        },
        "spec.metric.external.metric": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:196" },
        },
        "spec.metric.external.target": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:203" },
        },
        "spec.metric.object": { maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:305" } },
        "spec.metric.object.described_object": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:263" },
        },
        "spec.metric.object.metric": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:270" },
        },
        "spec.metric.object.target": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:277" },
        },
        "spec.metric.pods": { maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:312" } },
        "spec.metric.pods.metric": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:175" },
        },
        "spec.metric.pods.target": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:182" },
        },
        "spec.metric.resource": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:319" },
        },
        "spec.metric.resource.target": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:141" },
        },
        "spec.metric.type": {
          checks: [
            stringInSlice(
              ["ContainerResource", "External", "Object", "Pods", "Resource"],
              false,
              "kubernetes/schema_horizontal_pod_autoscaler.go:327"
            ),
          ],
        },
        "spec.min_replicas": { default: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:39" } },
        "spec.behavior": {
          optionalComputed: "kubernetes/schema_horizontal_pod_autoscaler.go:45",
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:46" },
        },
        "spec.behavior.scale_up": { optionalComputed: "kubernetes/schema_horizontal_pod_autoscaler.go:53" },
        "spec.behavior.scale_up.policy": {
          minItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:345" },
        },
        "spec.behavior.scale_down": { optionalComputed: "kubernetes/schema_horizontal_pod_autoscaler.go:60" },
        "spec.behavior.scale_down.policy": {
          minItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:345" },
        },
        "spec.scale_target_ref": {
          maxItems: { value: 1, source: "kubernetes/schema_horizontal_pod_autoscaler.go:70" },
        },
        "spec.target_cpu_utilization_percentage": {
          optionalComputed: "kubernetes/schema_horizontal_pod_autoscaler.go:95",
        },
      },
    },
    kubernetes_role_v1: {
      source: "kubernetes/resource_kubernetes_role_v1.go:30",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateRBACNameFunc("kubernetes/schema_rbac.go:24")],
        },
        "metadata.namespace": {
          forceNew: "kubernetes/schema_metadata.go:95",
          default: { value: "default", source: "kubernetes/schema_metadata.go:96" },
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateRBACNameFunc("kubernetes/schema_rbac.go:28")],
        },
      },
    },
    kubernetes_role_binding_v1: {
      source: "kubernetes/resource_kubernetes_role_binding_v1.go:29",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateRBACNameFunc("kubernetes/schema_rbac.go:24")],
        },
        "metadata.namespace": {
          forceNew: "kubernetes/schema_metadata.go:95",
          default: { value: "default", source: "kubernetes/schema_metadata.go:96" },
        },
        "metadata.generate_name": {
          forceNew: "kubernetes/schema_metadata.go:103",
          checks: [...validateRBACNameFunc("kubernetes/schema_rbac.go:28")],
        },
        role_ref: {
          forceNew: "kubernetes/resource_kubernetes_role_binding_v1.go:35",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_role_binding_v1.go:36" },
        },
        "role_ref.api_group": {
          forceNew: "kubernetes/schema_rbac.go:50",
          checks: [stringInSlice(["rbac.authorization.k8s.io"], false, "kubernetes/schema_rbac.go:51")],
        },
        "role_ref.kind": {
          forceNew: "kubernetes/schema_rbac.go:57",
          checks: [stringInSlice(["Role", "ClusterRole"], false, "kubernetes/schema_rbac.go:58")],
        },
        "role_ref.name": { forceNew: "kubernetes/schema_rbac.go:63" },
        subject: { minItems: { value: 1, source: "kubernetes/resource_kubernetes_role_binding_v1.go:45" } },
        "subject.api_group": { optionalComputed: "kubernetes/schema_rbac.go:75" },
        "subject.namespace": { default: { value: "default", source: "kubernetes/schema_rbac.go:91" } },
      },
    },
    // The deployer's one cluster-wide right (stacks/access.ts): its metadata is
    // metadataSchemaRBAC(..., namespaced false) (schema_rbac.go:14-29), the
    // namespaced one's fields without namespace.
    kubernetes_cluster_role_v1: {
      source: "kubernetes/resource_kubernetes_cluster_role_v1.go:30",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateRBACNameFunc("kubernetes/schema_rbac.go:24")],
        },
        rule: {
          optionalComputed: "kubernetes/resource_kubernetes_cluster_role_v1.go:34",
          minItems: { value: 1, source: "kubernetes/resource_kubernetes_cluster_role_v1.go:36" },
        },
        aggregation_rule: { maxItems: { value: 1, source: "kubernetes/resource_kubernetes_cluster_role_v1.go:45" } },
      },
    },
    kubernetes_cluster_role_binding_v1: {
      source: "kubernetes/resource_kubernetes_cluster_role_binding_v1.go:30",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:114" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          forceNew: "kubernetes/schema_metadata.go:37",
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateRBACNameFunc("kubernetes/schema_rbac.go:24")],
        },
        role_ref: {
          forceNew: "kubernetes/resource_kubernetes_cluster_role_binding_v1.go:35",
          maxItems: { value: 1, source: "kubernetes/resource_kubernetes_cluster_role_binding_v1.go:36" },
        },
        "role_ref.api_group": {
          forceNew: "kubernetes/schema_rbac.go:50",
          checks: [stringInSlice(["rbac.authorization.k8s.io"], false, "kubernetes/schema_rbac.go:51")],
        },
        "role_ref.kind": {
          forceNew: "kubernetes/schema_rbac.go:57",
          checks: [stringInSlice(["Role", "ClusterRole"], false, "kubernetes/schema_rbac.go:58")],
        },
        "role_ref.name": { forceNew: "kubernetes/schema_rbac.go:63" },
        subject: { minItems: { value: 1, source: "kubernetes/resource_kubernetes_cluster_role_binding_v1.go:45" } },
        "subject.api_group": { optionalComputed: "kubernetes/schema_rbac.go:75" },
        "subject.namespace": { default: { value: "default", source: "kubernetes/schema_rbac.go:91" } },
      },
    },
    // The access stack's admission policies and their bindings
    // (stacks/access.ts). Served by the manifest half, like kubernetes_resource:
    // its schema at manifest/provider/provider.go:69-207. Not recorded: the
    // replacement its PlanResourceChange asks for when the manifest's
    // apiVersion, kind, name or namespace changes (manifest/provider/plan.go:185,
    // :331, :373), a path inside a dynamic value.
    kubernetes_manifest: {
      source: "manifest/provider/provider.go:69",
      attributes: {
        object: { optionalComputed: "manifest/provider/provider.go:191" },
        timeouts: { maxItems: { value: 1, source: "manifest/provider/provider.go:77" } },
        field_manager: { maxItems: { value: 1, source: "manifest/provider/provider.go:105" } },
        wait: { maxItems: { value: 1, source: "manifest/provider/provider.go:138" } },
      },
    },
  },
  dataSources: {
    // The rollout check of stacks/workload.ts. Served by the provider's
    // manifest half (protocol 5, no SDK): its schema at manifest/provider/provider.go:222-268.
    kubernetes_resource: {
      source: "manifest/provider/provider.go:222",
      attributes: {
        object: { optionalComputed: "manifest/provider/provider.go:241" },
        metadata: {
          minItems: { value: 1, source: "manifest/provider/provider.go:250" },
          maxItems: { value: 1, source: "manifest/provider/provider.go:251" },
        },
      },
    },
    kubernetes_namespace_v1: {
      source: "kubernetes/data_source_kubernetes_namespace_v1.go:22",
      attributes: {
        metadata: { maxItems: { value: 1, source: "kubernetes/schema_metadata.go:73" } },
        "metadata.annotations": { checks: [...validateAnnotations("kubernetes/schema_metadata.go:19")] },
        "metadata.labels": { checks: [...validateLabels("kubernetes/schema_metadata.go:31")] },
        "metadata.name": {
          optionalComputed: "kubernetes/schema_metadata.go:38",
          checks: [...validateName("kubernetes/schema_metadata.go:39")],
        },
      },
    },
  },
};
