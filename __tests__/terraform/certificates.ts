// Key mode reads each CI key's public certificate from the project
// (`filebase64("../../../keys/<account>-<name>.pem")`, made and kept by a
// person); Terraform fails a plan when such a file is missing. The offline
// suites stand in one placeholder certificate per file the stacks read.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join, resolve } from "path";
import { OfflineWorkspace } from "../../sim/offline";

/** Writes a placeholder for every `.pem` file a stack reads that does not exist; returns the files written. */
export function placeCertificates(workspace: OfflineWorkspace): string[] {
  const written: string[] = [];
  for (const stack of workspace.stacks) {
    const text = readFileSync(join(stack.dir, "cdk.tf.json"), "utf8");
    for (const [, path] of text.matchAll(/file(?:base64)?\(\\"([^"\\]+\.pem)\\"\)/g)) {
      const file = resolve(stack.dir, path);
      if (existsSync(file)) continue;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `-----BEGIN CERTIFICATE-----\nplaceholder for ${path}\n-----END CERTIFICATE-----\n`);
      written.push(file);
    }
  }
  return written;
}
