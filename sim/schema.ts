// The simulator's schema model: what a provider's GetSchema answers, in the
// shape of the protocol's Schema.Block.
import { CtyType } from "./cty";
import { TypeFacts } from "./facts/types";

export interface Attribute {
  readonly type: CtyType;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  /** The provider's description of the attribute, as the bindings carry it. */
  readonly description: string;
  /** Terraform hides it in plans and refuses it in an output not marked sensitive (facts). */
  readonly sensitive?: boolean;
  /**
   * Optional and computed by the provider's facts: left out, the provider
   * decides its value (rather than every optional argument being treated as
   * computed, as for a type without facts).
   */
  readonly optionalComputed?: boolean;
  /** The only values the provider accepts (facts' oneOf check): a value it makes up is one of them. */
  readonly allowed?: readonly string[];
}

export type Nesting = "single" | "list" | "set";

export interface NestedBlock {
  readonly nesting: Nesting;
  readonly block: Block;
  readonly minItems: number;
  readonly maxItems: number;
  /** Optional and computed (facts): left out, the provider fills one element. */
  readonly optionalComputed?: boolean;
}

export interface Block {
  readonly attributes: { readonly [name: string]: Attribute };
  readonly blocks: { readonly [name: string]: NestedBlock };
}

/** Everything one simulated provider serves. */
export interface ProviderSchemas {
  /** Full registry address, such as registry.terraform.io/hashicorp/google. */
  readonly address: string;
  /** Local name and resource type prefix, such as google. */
  readonly name: string;
  /** The provider version the bindings were generated from. */
  readonly version: string;
  readonly provider: Block;
  readonly resources: { readonly [type: string]: Block };
  readonly dataSources: { readonly [type: string]: Block };
  /**
   * The provider's other types, served with a placeholder schema that names
   * the problem: neither the configuration nor the state the simulator was
   * started with holds them, so no plan of that configuration and state reads
   * their schema, and every request for one is refused.
   */
  readonly placeholders?: { readonly resources: readonly string[]; readonly dataSources: readonly string[] };
  /** What the provider's source says beyond the schema (sim/facts), for the types served; absent where none is recorded. */
  readonly facts?: {
    readonly configuration?: TypeFacts;
    readonly resources: { readonly [type: string]: TypeFacts };
    readonly dataSources: { readonly [type: string]: TypeFacts };
  };
}

const blockTypes = new WeakMap<Block, CtyType>();

/** The object type of a whole block: attributes and nested blocks as one value. */
export function blockType(block: Block): CtyType {
  let type = blockTypes.get(block);
  if (!type) {
    type = objectTypeOf(block);
    blockTypes.set(block, type);
  }
  return type;
}

function objectTypeOf(block: Block): CtyType {
  const attributes: { [name: string]: CtyType } = {};
  for (const [name, attribute] of Object.entries(block.attributes)) attributes[name] = attribute.type;
  for (const [name, nested] of Object.entries(block.blocks)) {
    const inner = blockType(nested.block);
    attributes[name] = nested.nesting === "single" ? inner : [nested.nesting, inner];
  }
  return ["object", attributes];
}
