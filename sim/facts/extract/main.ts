// Regenerates sim/facts/extracted/<provider>.ts from a provider's Go source
// at its tag: every attribute of every type the hand facts list or the reviewed
// stacks (__tests__/synthesized) use, nested blocks
// included, with what a plan depends on (ForceNew, Optional+Computed,
// Sensitive, list limits, defaults, DiffSuppressFunc, StateFunc) and each
// type's CustomizeDiff functions, each at its file and line.
//
//   node bin/app.js sim/facts/extract/main <provider> <git dir of its repository> [tag]
//
// The tag defaults to the version of the installed bindings (v<version>).
// Run twice, the output is the same: types, paths and keys are sorted.
import { writeFileSync } from "fs";
import { join, resolve } from "path";
import { installedBindings } from "../../providers";
import { handFacts } from "../index";
import { extractProvider, renderExtracted, typesToExtract } from "./extract";

/** The project: dist/sim/facts/extract -> the repository root. */
const root = resolve(__dirname, "..", "..", "..", "..");

function main(argv: readonly string[]): void {
  const [provider, gitDir, tagArgument] = argv;
  const hand = handFacts[provider ?? ""];
  if (!hand || !gitDir) {
    throw new Error(`usage: node bin/app.js sim/facts/extract/main <provider> <git dir> [tag]; provider is one of ${Object.keys(handFacts).join(", ")}, got ${JSON.stringify(provider ?? "")}`);
  }
  const bindings = [...installedBindings(root).values()].find((candidate) => candidate.name === provider);
  const tag = tagArgument ?? `v${bindings?.version}`;
  const types = typesToExtract(root, provider, hand);
  const extracted = extractProvider(provider, hand.repository, gitDir, tag, types.resources, types.dataSources);
  const out = join(root, "sim", "facts", "extracted", `${provider}.ts`);
  writeFileSync(out, renderExtracted(extracted));
  process.stdout.write(`${out}: ${Object.keys(extracted.resources).length} resource types, ${Object.keys(extracted.dataSources).length} data source types at ${tag}\n`);
}

main(process.argv.slice(2));
