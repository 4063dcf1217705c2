/** Types of scripts/build-test-cli.mjs for the e2e tier's CLI harness. */
export function buildTestCli(outDir: string, repo: string): Promise<void>;
