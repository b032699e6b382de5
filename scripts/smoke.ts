// `npm run smoke -- <url> [--sample <file>] [--attempts 20] [--delay-ms 10000] [--timeout-ms 10000] [--path <probePath>]`:
// fails unless the model server at <url> answers GET <path> (default: the
// setting probePath) with 200 and,
// with --sample, answers the sample request (model-server/sample-request.json) as it says.
import { parseArgs } from "util";
import { readConfig } from "../lib/config";
import { runMain } from "./cli";
import { checkSample, readSampleRequest } from "./sample-request";
import { SMOKE_ARGUMENTS, smokeOptions, smokeTest } from "./smoke-test";

const usage = "usage: npm run smoke -- <url> [--sample <file>] [--attempts N] [--delay-ms N] [--timeout-ms N] [--path <probe path>]";

runMain("smoke", async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { ...SMOKE_ARGUMENTS, sample: { type: "string" } } });
  if (positionals.length !== 1) throw new Error(usage);
  const sample = values.sample === undefined ? undefined : readSampleRequest(values.sample);
  // The probe path is the setting probePath (MLEM /docs, BentoML /readyz) unless --path names one.
  const path = values.path ?? readConfig().probePath;
  const options = smokeOptions({ ...values, path }, (line) => process.stderr.write(`${line}\n`));
  const passed = await smokeTest(positionals[0], options);
  process.stdout.write(`smoke test passed: ${passed}\n`);
  if (sample) process.stdout.write(`prediction check passed: ${await checkSample(positionals[0], sample, options.timeoutMs)}\n`);
  return 0;
});
