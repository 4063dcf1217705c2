/** Entry point of the `maskmedpaint` CLI (bundled to dist/cli.js). */
import { runCli } from './program';
import { watchStdout } from './stdoutClosed';

watchStdout();

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
