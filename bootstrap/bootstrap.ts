// npm run bootstrap -- --project <id> (--github <owner/name> | --gitlab <group/project>) [--set-ci] [--offline]
//
// Sets up a project in one command (docs/deploying.md#setting-up-a-project):
// Google APIs, the state bucket, the four platform stacks applied with their
// state in it, and the CI variables, printed or (with --set-ci) set, with
// the deploy environment. Every step is skipped when what it makes exists,
// so a second run changes nothing and an interrupted run resumes.
import { runMain } from "../scripts/cli";
import { main } from "./command";

runMain("bootstrap", () => main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)));
