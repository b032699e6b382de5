// The shape of the provider facts: what the providers' source says about the
// attributes of each type the stacks use, that the installed bindings cannot
// tell (ForceNew, Sensitive, MaxItems, validators, ...). Each fact cites the
// provider repository's file and line at the pinned tag, so a reviewer can
// check it; the facts carry over, the providers' code does not.

/**
 * Where a fact stands: `<path in the repository>:<line>` at the provider's
 * pinned tag, e.g. `google/services/resourcemanager/resource_google_service_account.go:42`.
 */
export type Citation = string;

/**
 * One check the provider runs on a configured value. Lists and sets are
 * checked element by element; maps key by key or value by value (`on`).
 * Named validators (validateRFC1035Name, IsDNS1123Label, ...) are written as
 * the regex, range or list they amount to, with the provider's name kept in
 * `name` for the reader.
 */
export type Check = (
  | { readonly kind: "oneOf"; readonly values: readonly string[]; readonly ignoreCase?: boolean }
  | { readonly kind: "intRange"; readonly min?: number; readonly max?: number }
  | { readonly kind: "regex"; readonly pattern: string }
  | { readonly kind: "length"; readonly min?: number; readonly max?: number }
) & {
  /** The provider's validator, as its source names it (`validation.StringInSlice`, `validateRFC1035Name(6, 30)`). */
  readonly name?: string;
  /** For map attributes: check the keys or the values (default: values). */
  readonly on?: "keys" | "values";
  /** The provider's message, or a faithful paraphrase of it; the simulator prefixes the attribute's path. */
  readonly message: string;
  readonly source: Citation;
};

/** What the provider says about one attribute or nested block. */
export interface AttributeFacts {
  /** Changing it replaces the resource (ForceNew / RequiresReplace). */
  readonly forceNew?: Citation;
  /** Optional and Computed: left out, the provider decides the value (its default, or one it makes). */
  readonly optionalComputed?: Citation;
  /** Sensitive: Terraform hides it and refuses to show it in an output not marked sensitive. */
  readonly sensitive?: Citation;
  /** Fewest and most items of a list or set, attribute or block. */
  readonly minItems?: { readonly value: number; readonly source: Citation };
  readonly maxItems?: { readonly value: number; readonly source: Citation };
  /**
   * Relations to other attributes of the same resource, as dotted paths from
   * the resource's top (`node_config.oauth_scopes`; list indexes left out).
   */
  readonly conflictsWith?: { readonly paths: readonly string[]; readonly source: Citation };
  readonly exactlyOneOf?: { readonly paths: readonly string[]; readonly source: Citation };
  readonly atLeastOneOf?: { readonly paths: readonly string[]; readonly source: Citation };
  readonly requiredWith?: { readonly paths: readonly string[]; readonly source: Citation };
  /** The schema's Default: the value the provider plans when the configuration leaves it out. */
  readonly default?: { readonly value: string | number | boolean; readonly source: Citation };
  /** Validators, in the order the provider runs them. */
  readonly checks?: readonly Check[];
  /** DiffSuppressFunc: differences it calls equal plan no change (sim/plan-time.ts interprets it). */
  readonly diffSuppress?: FunctionUse;
  /** StateFunc: the value planned and saved is the function's of the configured one (sim/plan-time.ts). */
  readonly stateFunc?: FunctionUse;
}

/** Facts of one resource type, data source type or provider configuration. */
export interface TypeFacts {
  /** Where the type's schema is defined. */
  readonly source: Citation;
  /**
   * By dotted path from the type's top, through nested blocks and list
   * indexes left out: `account_id`, `metadata.name`,
   * `spec.template.spec.container.port.container_port`.
   */
  readonly attributes: { readonly [path: string]: AttributeFacts };
  /** The type's CustomizeDiff functions, in the order the provider runs them (sim/plan-time.ts). */
  readonly customizeDiff?: readonly FunctionUse[];
}

/** Everything recorded for one provider at its pinned tag. */
export interface ProviderFacts {
  /** Provider local name, the prefix of its types: google, kubernetes, docker. */
  readonly provider: string;
  /** GitHub repository of the provider's source. */
  readonly repository: string;
  /** The tag every citation refers to; the version the bindings were generated from. */
  readonly tag: string;
  /** The provider's own configuration block. */
  readonly configuration: TypeFacts;
  readonly resources: { readonly [type: string]: TypeFacts };
  readonly dataSources: { readonly [type: string]: TypeFacts };
}

/** A provider function used by a schema (DiffSuppressFunc, StateFunc, CustomizeDiff) or inline code (`func(...)`), where it is used. */
export interface FunctionUse {
  readonly name: string;
  readonly source: Citation;
}

/** What the extractor (sim/facts/extract) reads of one attribute or block, at full depth. */
export interface ExtractedAttributeFacts {
  readonly forceNew?: Citation;
  readonly optionalComputed?: Citation;
  readonly sensitive?: Citation;
  readonly maxItems?: { readonly value: number; readonly source: Citation };
  readonly minItems?: { readonly value: number; readonly source: Citation };
  readonly default?: { readonly value: string | number | boolean; readonly source: Citation };
  readonly diffSuppress?: FunctionUse;
  readonly stateFunc?: FunctionUse;
  readonly diffSuppressOnRefresh?: Citation;
}

export interface ExtractedTypeFacts {
  readonly source: Citation;
  readonly customizeDiff: readonly FunctionUse[];
  readonly attributes: { readonly [path: string]: ExtractedAttributeFacts };
  /** Schema expressions the extractor could not follow. */
  readonly unresolved: readonly FunctionUse[];
}

/** A provider's extracted facts (sim/facts/extracted/<provider>.ts), generated, never edited. */
export interface ExtractedProviderFacts {
  readonly provider: string;
  readonly repository: string;
  readonly tag: string;
  readonly resources: { readonly [type: string]: ExtractedTypeFacts };
  readonly dataSources: { readonly [type: string]: ExtractedTypeFacts };
}
