// `npm run ci:env`, in GitHub Actions with `CI_VARIABLES: ${{ toJSON(vars) }}`:
// makes each repository variable that names a setting's environment override
// (GCP_PROJECT_ID, CDKTF_BACKEND, ...; see lib/config.ts) an environment
// variable of the job's later steps, through GITHUB_ENV. Only variables that
// exist are set: `env: X: ${{ vars.X }}` would set an unset one to "", which
// overrides cdktf.json with an invalid value instead of keeping its default.
import { appendFileSync } from "fs";
import { describeSetting, settingNames } from "../lib/config";
import { runMain } from "./cli";

/** `NAME=value` lines for GITHUB_ENV, from the repository's variables, for settings only. */
function settingOverrides(variables: Record<string, unknown>): string[] {
  const names = new Set(settingNames.map((name) => describeSetting(name).env).filter((env): env is string => env !== undefined));
  return Object.entries(variables)
    .filter(([name]) => names.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => {
      if (typeof value !== "string" || /[\r\n]/.test(value)) {
        throw new Error(`repository variable ${name} is ${JSON.stringify(value)}: expected one line of text`);
      }
      return `${name}=${value}`;
    });
}

runMain("ci:env", async () => {
  const target = process.env.GITHUB_ENV;
  if (!target) throw new Error("GITHUB_ENV is not set: expected to run in a GitHub Actions step");
  const raw = process.env.CI_VARIABLES;
  if (raw === undefined) throw new Error("CI_VARIABLES is not set: expected `env: CI_VARIABLES: ${{ toJSON(vars) }}` on the step");
  let variables: unknown;
  try {
    variables = JSON.parse(raw);
  } catch {
    throw new Error("CI_VARIABLES is not JSON: expected `${{ toJSON(vars) }}`");
  }
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    throw new Error("CI_VARIABLES is not a JSON object: expected `${{ toJSON(vars) }}`");
  }
  const lines = settingOverrides(variables as Record<string, unknown>);
  if (lines.length > 0) appendFileSync(target, `${lines.join("\n")}\n`);
  const names = lines.map((line) => line.slice(0, line.indexOf("=")));
  process.stdout.write(names.length > 0 ? `settings from repository variables: ${names.join(", ")}\n` : "no repository variable overrides a setting\n");
  return 0;
});
