// `npm run digest -- <file-or-directory>`: prints the model digest to pass as
// `--var model_digest=...`. See lib/digest.ts for what is hashed.
import { DigestError, digestPath } from "../lib/digest";

const paths = process.argv.slice(2);
if (paths.length !== 1) {
  process.stderr.write("usage: npm run digest -- <build-context-directory-or-file>\n");
  process.exit(2);
}
try {
  process.stdout.write(`${digestPath(paths[0])}\n`);
} catch (error) {
  if (!(error instanceof DigestError)) throw error;
  process.stderr.write(`digest: ${error.message}\n`);
  process.exit(1);
}
