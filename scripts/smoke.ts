// `npm run smoke -- <url> [--sample <file>] [--attempts 20] [--delay-ms 10000] [--timeout-ms 10000] [--path /docs]`:
// fails unless the model server at <url> answers GET <path> with 200 and,
// with --sample, answers the sample request (model-server/sample-request.json) as it says.
import { parseArgs } from "util";
import { runMain } from "./cli";
import { checkSample, readSampleRequest } from "./sample-request";
import { SMOKE_ARGUMENTS, smokeOptions, smokeTest } from "./smoke-test";

const usage = "usage: npm run smoke -- <url> [--sample <file>] [--attempts N] [--delay-ms N] [--timeout-ms N] [--path /docs]";

runMain("smoke", async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { ...SMOKE_ARGUMENTS, sample: { type: "string" } } });
  if (positionals.length !== 1) throw new Error(usage);
  const sample = values.sample === undefined ? undefined : readSampleRequest(values.sample);
  const options = smokeOptions(values, (line) => process.stderr.write(`${line}\n`));
  const passed = await smokeTest(positionals[0], options);
  process.stdout.write(`smoke test passed: ${passed}\n`);
  if (sample) process.stdout.write(`prediction check passed: ${await checkSample(positionals[0], sample, options.timeoutMs)}\n`);
  return 0;
});
