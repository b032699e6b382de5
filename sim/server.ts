// The provider simulator: one gRPC server per simulated provider, speaking
// plugin protocol 5, that Terraform attaches to through TF_REATTACH_PROVIDERS
// (the mechanism provider authors use to debug a running provider). Terraform
// then runs init, validate, plan and apply against it with no provider
// download, no network and no credentials.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { join } from "path";
import { applyObject, planObject, ProviderContext, readDataObject } from "./behaviour";
import { planTime } from "./plan-time";
import { conform, decodeDynamic, DynamicValue, encodeDynamic, isObject, ObjectValue, Value } from "./cty";
import { ApplyFailure, currentFailures, FailureSource, failureFor, ResourceConfigs } from "./failures";
import { TypeFacts } from "./facts/types";
import { Finding, Path, replacementPaths, validateConfig, withFacts } from "./rules";
import { Block, blockType, ProviderSchemas } from "./schema";

/** The protocol definition, beside the compiled code's source (dist/sim -> sim). */
const protoFile = join(__dirname, "..", "..", "sim", "tfplugin5.proto");

const PROTOCOL_VERSION = 5;

interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: object;
}

function error(summary: string, detail = ""): Diagnostic {
  return { severity: "ERROR", summary, detail };
}

function findingDiagnostics(findings: readonly Finding[]): Diagnostic[] {
  return findings.map((finding) => ({ ...error(finding.summary, finding.detail), attribute: protoPath(finding.path) }));
}

function protoBlock(block: Block): object {
  return {
    version: 0,
    attributes: Object.entries(block.attributes).map(([name, attribute]) => ({
      name,
      type: Buffer.from(JSON.stringify(attribute.type)),
      description: attribute.description,
      required: attribute.required,
      optional: attribute.optional,
      computed: attribute.computed,
      sensitive: attribute.sensitive ?? false,
    })),
    block_types: Object.entries(block.blocks).map(([name, nested]) => ({
      type_name: name,
      block: protoBlock(nested.block),
      nesting: nested.nesting.toUpperCase(),
      min_items: nested.minItems,
      max_items: nested.maxItems,
    })),
  };
}

function protoPath(path: Path): object {
  return {
    steps: path.map((step) => (typeof step === "number" ? { element_key_int: step } : { attribute_name: step })),
  };
}

/** A running simulator. */
export interface Simulator {
  /** The value for TF_REATTACH_PROVIDERS. */
  readonly reattach: string;
  /** The simulated providers, by registry address. */
  readonly providers: readonly ProviderSchemas[];
  /**
   * Makes applies fail from now on, replacing the failures in force (those
   * given at start, SIM_FAIL_APPLY's and SIM_FAIL_APPLY_FILE's): each names a
   * resource address, optionally the action, and when it fails
   * (sim/failures.ts). An empty list stops injecting.
   */
  failApply(failures: readonly ApplyFailure[]): void;
  /** Stops every server; Terraform runs still attached lose their providers. */
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Apply failures to inject until failApply replaces them; a file, if named, is read at every apply. */
  readonly failures?: FailureSource;
  /** The stacks' resource configurations by type, so a failure can name a resource by its address (type.name). */
  readonly resources?: ResourceConfigs;
  /**
   * Objects made outside Terraform (a stand-in of gcloud made them), by
   * resource type and import id, for `terraform import`: what the provider's
   * importer and its first read would find. Asked at each import.
   */
  readonly existing?: (type: string, id: string) => ObjectValue | undefined;
}

/** What the RPC handlers share across the simulated providers. */
interface Shared {
  failures: FailureSource;
  readonly resources: ResourceConfigs;
  readonly existing?: SimulatorOptions["existing"];
}

type Handler = (request: any, peer: string) => object;

/** The RPC handlers of one simulated provider. */
function providerService(served: ProviderSchemas, shared: Shared): Record<string, Handler> {
  const facts = served.facts;
  const schemas: ProviderSchemas = {
    ...served,
    provider: withFacts(served.provider, facts?.configuration, "provider"),
    resources: Object.fromEntries(Object.entries(served.resources).map(([type, block]) => [type, withFacts(block, facts?.resources[type], "resource")])),
    dataSources: Object.fromEntries(Object.entries(served.dataSources).map(([type, block]) => [type, withFacts(block, facts?.dataSources[type], "data")])),
  };
  const resourceFacts = (type: string): TypeFacts | undefined => facts?.resources[type];
  // Terraform opens one connection per provider instance it configures, so a
  // connection's peer address identifies the configuration to use.
  const configured = new Map<string, ObjectValue>();
  const providerType = blockType(schemas.provider);
  const context = (peer: string): ProviderContext => ({ providerName: schemas.name, provider: configured.get(peer) ?? null });

  const resource = (type: string): Block => {
    const block = schemas.resources[type];
    if (!block) throw new SimulatorError(`${schemas.name}: the simulator has no schema for resource type ${type}`);
    return block;
  };
  const dataSource = (type: string): Block => {
    const block = schemas.dataSources[type];
    if (!block) throw new SimulatorError(`${schemas.name}: the simulator has no schema for data source type ${type}`);
    return block;
  };
  const decodeObject = (dynamic: DynamicValue, block: Block): ObjectValue | null => {
    const value = decodeDynamic(dynamic, blockType(block));
    return isObject(value) ? value : null;
  };
  const out = (block: Block, value: Value) => encodeDynamic(conform(blockType(block), value));

  let encodedSchema: Buffer | undefined;
  const schemaResponse = {
    provider: { version: 0, block: protoBlock(schemas.provider) },
    resource_schemas: Object.fromEntries(Object.entries(schemas.resources).map(([type, block]) => [type, { version: 0, block: protoBlock(block) }])),
    data_source_schemas: Object.fromEntries(Object.entries(schemas.dataSources).map(([type, block]) => [type, { version: 0, block: protoBlock(block) }])),
    diagnostics: [],
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: true },
  };

  return {
    GetMetadata: () => ({
      server_capabilities: schemaResponse.server_capabilities,
      diagnostics: [],
      resources: Object.keys(schemas.resources).map((type_name) => ({ type_name })),
      data_sources: Object.keys(schemas.dataSources).map((type_name) => ({ type_name })),
    }),
    // Every type's schema, a few megabytes: encoded once, not at every Terraform command.
    GetSchema: () => (encodedSchema ??= encodeSchemaResponse(schemaResponse)),
    // Provider-side validation from the facts (sim/rules.ts), on top of
    // Terraform's own checks against the schema.
    PrepareProviderConfig: (request) => {
      const config = decodeObject(request.config, schemas.provider);
      const findings = config ? validateConfig(schemas.provider, facts?.configuration, config) : [];
      return { prepared_config: request.config, diagnostics: findingDiagnostics(findings) };
    },
    ValidateResourceTypeConfig: (request) => {
      const block = resource(request.type_name);
      const config = decodeObject(request.config, block);
      return { diagnostics: findingDiagnostics(config ? validateConfig(block, resourceFacts(request.type_name), config) : []) };
    },
    ValidateDataSourceConfig: (request) => {
      const block = dataSource(request.type_name);
      const config = decodeObject(request.config, block);
      return { diagnostics: findingDiagnostics(config ? validateConfig(block, facts?.dataSources[request.type_name], config) : []) };
    },
    Configure: (request, peer) => {
      const config = decodeDynamic(request.config, providerType);
      configured.set(peer, isObject(config) ? config : {});
      return { diagnostics: [] };
    },
    UpgradeResourceState: (request) => {
      const block = resource(request.type_name);
      const raw = request.raw_state?.json;
      if (!raw || raw.length === 0) {
        return { diagnostics: [error("Only JSON state can be upgraded", `${request.type_name}: the simulator reads no legacy flatmap state`)] };
      }
      const value = conform(blockType(block), JSON.parse(Buffer.from(raw).toString("utf8")));
      return { upgraded_state: encodeDynamic(value), diagnostics: [] };
    },
    // No drift: what the state says is what exists.
    ReadResource: (request) => ({ new_state: request.current_state, private: request.private, diagnostics: [] }),
    PlanResourceChange: (request, peer) => {
      const block = resource(request.type_name);
      const proposed = decodeObject(request.proposed_new_state, block);
      if (proposed === null) return { planned_state: request.proposed_new_state, diagnostics: [] };
      const prior = decodeObject(request.prior_state, block);
      const typeFacts = resourceFacts(request.type_name);
      const config = decodeObject(request.config, block);
      const provider = context(peer).provider;
      // The provider's plan-time functions (DiffSuppressFunc, StateFunc, CustomizeDiff), as the facts name them.
      const { planned, replace: customized } = planTime(typeFacts, planObject(block, proposed, prior, typeFacts), { type: request.type_name, provider, prior, config });
      const replace = prior === null ? [] : [...replacementPaths(block, typeFacts, prior, planned), ...customized];
      return {
        planned_state: out(block, planned),
        requires_replace: replace.map(protoPath),
        planned_private: request.prior_private,
        diagnostics: [],
        // As every plugin-SDK (v2) resource of these providers: Terraform then
        // accepts a plan that fills what the configuration left out (a default,
        // an optional+computed block) and only logs the differences.
        legacy_type_system: true,
      };
    },
    ApplyResourceChange: (request, peer) => {
      const block = resource(request.type_name);
      const planned = decodeObject(request.planned_state, block);
      if (planned === null) return { new_state: request.planned_state, diagnostics: [], legacy_type_system: true };
      const prior = decodeObject(request.prior_state, block);
      const applied = applyObject(request.type_name, block, planned, context(peer));
      const failure = failureFor(currentFailures(shared.failures), shared.resources, request.type_name, prior === null ? "create" : "update", decodeObject(request.config, block));
      if (failure) {
        // "before-change": the API refused, nothing changed, the prior state stands.
        // "after-save": as the SDK on an update error (terraform-plugin-sdk
        // #476; kubernetes resourceKubernetesDeploymentV1Update patches, then
        // fails waiting for the rollout): the planned values are kept.
        const kept = failure.rule.when === "before-change" ? encodeDynamic(prior === null ? null : conform(blockType(block), prior)) : out(block, applied);
        return { new_state: kept, private: request.planned_private, diagnostics: [failure.diagnostic], legacy_type_system: true };
      }
      return { new_state: out(block, applied), private: request.planned_private, diagnostics: [], legacy_type_system: true };
    },
    ImportResourceState: (request) => {
      const found = shared.existing?.(request.type_name, request.id);
      if (found === undefined) {
        return { diagnostics: [error("Import is not simulated", `${request.type_name} ${request.id}: the simulator has no real objects to import`)] };
      }
      return { imported_resources: [{ type_name: request.type_name, state: out(resource(request.type_name), found), private: Buffer.alloc(0) }], diagnostics: [] };
    },
    ReadDataSource: (request, peer) => {
      const block = dataSource(request.type_name);
      const config = decodeObject(request.config, block) ?? {};
      return { state: out(block, readDataObject(request.type_name, block, config, context(peer))), diagnostics: [] };
    },
    GetFunctions: () => ({ diagnostics: [] }),
    Stop: () => ({ Error: "" }),
  };
}

/** A request the simulator cannot answer; it reaches Terraform as an error diagnostic. */
export class SimulatorError extends Error {}

/** Wraps a handler so any failure reaches Terraform as an error diagnostic, never a dropped call. */
function unary(name: string, handler: Handler): grpc.handleUnaryCall<any, any> {
  return (call, callback) => {
    try {
      callback(null, handler(call.request, call.getPeer()));
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      callback(null, { diagnostics: [error(`Provider simulator failed in ${name}`, message)] });
    }
  };
}

let serviceDefinition: grpc.ServiceDefinition | undefined;

function providerServiceDefinition(): grpc.ServiceDefinition {
  if (!serviceDefinition) {
    const definition = protoLoader.loadSync(protoFile, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
    const loaded = grpc.loadPackageDefinition(definition) as any;
    const service = loaded.tfplugin5.Provider.service as grpc.ServiceDefinition;
    const getSchema = service.GetSchema;
    // A response already encoded (encodeSchemaResponse) is sent as it is.
    serviceDefinition = {
      ...service,
      GetSchema: { ...getSchema, responseSerialize: (value: object) => (Buffer.isBuffer(value) ? value : getSchema.responseSerialize(value)) },
    };
  }
  return serviceDefinition;
}

function encodeSchemaResponse(response: object): Buffer {
  return providerServiceDefinition().GetSchema.responseSerialize(response);
}

/** Starts one server per provider on loopback ports chosen by the system. */
export async function startSimulator(providers: readonly ProviderSchemas[], options: SimulatorOptions = {}): Promise<Simulator> {
  const definition = providerServiceDefinition();
  const shared: Shared = { failures: options.failures ?? { fixed: [] }, resources: options.resources ?? new Map(), existing: options.existing };
  const servers: grpc.Server[] = [];
  const reattach: Record<string, object> = {};
  try {
    for (const schemas of providers) {
      const server = new grpc.Server();
      const handlers = providerService(schemas, shared);
      server.addService(
        definition,
        Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, unary(name, handler)])),
      );
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (failure, bound) => (failure ? reject(failure) : resolve(bound))),
      );
      reattach[schemas.address] = {
        Protocol: "grpc",
        ProtocolVersion: PROTOCOL_VERSION,
        // Test: the process is not Terraform's to wait for or kill.
        Pid: process.pid,
        Test: true,
        Addr: { Network: "tcp", String: `127.0.0.1:${port}` },
      };
    }
  } catch (failure) {
    for (const server of servers) server.forceShutdown();
    throw failure;
  }
  return {
    reattach: JSON.stringify(reattach),
    providers,
    failApply: (failures) => {
      shared.failures = { fixed: [...failures] };
    },
    close: async () => {
      for (const server of servers) server.forceShutdown();
    },
  };
}
