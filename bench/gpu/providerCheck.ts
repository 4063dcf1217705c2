/**
 * Runs each graph of Stable Diffusion model folders (or single .onnx files) on the CPU provider and
 * on another one with the same inputs (core/backend/providerCompare.ts, as `maskmedpaint models
 * check` does) and prints every comparison as one JSON array: the GPU benchmark's way to find which
 * graph a provider computes differently (bench/gpu/run.sh). Runs anywhere:
 *   node --import tsx bench/gpu/providerCheck.ts --provider webgpu DIR_OR_ONNX...
 */
import { parseArgs } from 'node:util';
import type { ProviderName } from '../../src/core/backend/ort';
import { compareWithCpu } from '../../src/core/backend/providerCompare';
import { graphsOf } from '../../src/cli/commands/modelsCheck';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { provider: { type: 'string', default: 'webgpu' } },
    allowPositionals: true,
  });
  const provider = values.provider as ProviderName;
  const results = [];
  for (const target of positionals) {
    for (const path of graphsOf(target)) {
      try {
        const { ranOn, outputs } = await compareWithCpu(path, provider);
        results.push({ path, provider: ranOn, outputs });
      } catch (error) {
        results.push({ path, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  console.log(JSON.stringify(results));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
