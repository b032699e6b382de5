// `npm run smoke -- <url> [--attempts 20] [--delay-ms 10000] [--timeout-ms 10000] [--path /docs]`:
// fails unless the model server at <url> answers GET /docs with 200.
import { parseArgs } from "util";
import { runMain } from "./cli";
import { SMOKE_ARGUMENTS, smokeOptions, smokeTest } from "./smoke-test";

runMain("smoke", async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: SMOKE_ARGUMENTS });
  if (positionals.length !== 1) throw new Error("usage: npm run smoke -- <url> [--attempts N] [--delay-ms N] [--timeout-ms N] [--path /docs]");
  const passed = await smokeTest(positionals[0], smokeOptions(values, (line) => process.stderr.write(`${line}\n`)));
  process.stdout.write(`smoke test passed: ${passed}\n`);
  return 0;
});
