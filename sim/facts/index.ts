// The facts of every simulated provider, by provider local name. The google
// provider's are kept in two files (its container types apart), served as one.
import { dockerFacts } from "./docker";
import { googleFacts } from "./google";
import { googleContainerFacts } from "./google-container";
import { kubernetesFacts } from "./kubernetes";
import { ProviderFacts } from "./types";

export const providerFacts: { readonly [provider: string]: ProviderFacts } = {
  google: {
    ...googleFacts,
    resources: { ...googleFacts.resources, ...googleContainerFacts.resources },
    dataSources: { ...googleFacts.dataSources, ...googleContainerFacts.dataSources },
  },
  kubernetes: kubernetesFacts,
  docker: dockerFacts,
};
