// The facts of every simulated provider, by provider local name: what the
// extractor read from the provider's source at its tag (sim/facts/extracted,
// generated), and the facts written by hand beside them (validators written
// as patterns, relations between attributes, defaults that are Go
// constants, types the extractor cannot read). Where both say something of
// the same attribute, the extracted fact wins: it is read from the source
// every time the facts are regenerated. The google provider's hand facts are
// kept in two files (its container types apart), served as one.
import { dockerFacts } from "./docker";
import { dockerExtracted } from "./extracted/docker";
import { googleExtracted } from "./extracted/google";
import { kubernetesExtracted } from "./extracted/kubernetes";
import { googleFacts } from "./google";
import { googleContainerFacts } from "./google-container";
import { kubernetesFacts } from "./kubernetes";
import { AttributeFacts, ExtractedProviderFacts, ExtractedTypeFacts, ProviderFacts, TypeFacts } from "./types";

/** The hand-written facts, by provider local name. */
export const handFacts: { readonly [provider: string]: ProviderFacts } = {
  google: {
    ...googleFacts,
    resources: { ...googleFacts.resources, ...googleContainerFacts.resources },
    dataSources: { ...googleFacts.dataSources, ...googleContainerFacts.dataSources },
  },
  kubernetes: kubernetesFacts,
  docker: dockerFacts,
};

/** The generated facts, by provider local name. */
export const extractedFacts: { readonly [provider: string]: ExtractedProviderFacts } = {
  google: googleExtracted,
  kubernetes: kubernetesExtracted,
  docker: dockerExtracted,
};

function mergeType(hand: TypeFacts | undefined, extracted: ExtractedTypeFacts | undefined): TypeFacts | undefined {
  if (!extracted) return hand;
  const attributes: Record<string, AttributeFacts> = {};
  for (const path of new Set([...Object.keys(hand?.attributes ?? {}), ...Object.keys(extracted.attributes)])) {
    const { diffSuppressOnRefresh: _refresh, ...read } = extracted.attributes[path] ?? {};
    attributes[path] = { ...hand?.attributes[path], ...read };
  }
  return { source: hand?.source ?? extracted.source, attributes, customizeDiff: extracted.customizeDiff };
}

function merge(hand: ProviderFacts, extracted: ExtractedProviderFacts): ProviderFacts {
  const table = (kind: "resources" | "dataSources") => {
    const out: Record<string, TypeFacts> = {};
    for (const type of new Set([...Object.keys(hand[kind]), ...Object.keys(extracted[kind])])) out[type] = mergeType(hand[kind][type], extracted[kind][type])!;
    return out;
  };
  return { ...hand, resources: table("resources"), dataSources: table("dataSources") };
}

export const providerFacts: { readonly [provider: string]: ProviderFacts } = Object.fromEntries(
  Object.entries(handFacts).map(([name, hand]) => [name, extractedFacts[name] ? merge(hand, extractedFacts[name]) : hand]),
);
