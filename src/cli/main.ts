/** Entry point of the `maskmedpaint` CLI (bundled to dist/cli.js). */
import { runCli } from './program';

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
