// A node:test reporter that writes one JSON line with the run's totals ({"tests":N,"pass":N,"fail":N,
// "cancelled":N,"skipped":N,"todo":N}), taken from the closing diagnostics the runner itself emits.
// scripts/run-unit-tests.mjs sends it to a file beside the human-readable spec output.
export default async function* testCounts(source) {
  const counts = {};
  for await (const event of source) {
    if (event.type !== 'test:diagnostic' || event.data.nesting !== 0) continue;
    const match = /^(tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(event.data.message);
    if (match) counts[match[1]] = Number(match[2]);
  }
  yield `${JSON.stringify(counts)}\n`;
}
