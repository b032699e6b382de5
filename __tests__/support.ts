// Shared test helpers: the project's own defaults, a throwaway App per test
// file, and readers for synthesized Terraform JSON.
import { after } from "node:test";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { createServer } from "http";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { App, Testing, TerraformStack } from "cdktf";
import { Config, loadConfig } from "../lib/config";

/** The repository root (tests run from dist/__tests__). */
export const root = resolve(__dirname, "..", "..");

/** The defaults of cdktf.json, as a user with no overrides gets them. */
export const defaultContext: Record<string, unknown> = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context;

/** The default config with some settings changed (as context values, validated like a user's). */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ ...defaultContext, ...overrides });
}

/** A temporary directory removed when the test file ends. */
export function tempDir(prefix = "mlops-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A test App whose output goes to a temporary directory. */
export function testApp(): App {
  return Testing.app({ outdir: tempDir("cdktf-out-") });
}

/** The Terraform JSON of one stack, as an object. */
export type TerraformJson = Record<string, any>;

export function synthesize(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack));
}

/** Every block of `type` ("resource" or "data") and `name` (such as google_project_iam_member). */
export function blocks(json: TerraformJson, kind: "resource" | "data", type: string): Record<string, any> {
  return json[kind]?.[type] ?? {};
}

export function resources(json: TerraformJson, type: string): any[] {
  return Object.values(blocks(json, "resource", type));
}

/** The one resource of `type` named `name`; fails the test when it is missing. */
export function resource(json: TerraformJson, type: string, name: string): any {
  const found = blocks(json, "resource", type)[name];
  if (found === undefined) throw new Error(`no ${type}.${name} in the synthesized stack`);
  return found;
}

/** A loopback port nothing listens on now, for a server the test starts as a child process. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}
