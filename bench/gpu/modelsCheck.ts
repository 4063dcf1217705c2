/**
 * `maskmedpaint models check` without the rest of the CLI (whose bundle needs sharp, which the GPU
 * kit does not carry): bench/gpu/run.sh runs it on the fixtures with the WebGPU provider.
 *   node --import tsx bench/gpu/modelsCheck.ts MODEL PROVIDER
 */
import { checkModel } from '../../src/cli/commands/modelsCheck';
import type { ExecutionProviderPreference } from '../../src/shared/recipe';

const [model, provider] = process.argv.slice(2);
if (!model || !provider) throw new Error('usage: modelsCheck.ts MODEL PROVIDER');
void checkModel(
  model,
  { provider: provider as ExecutionProviderPreference },
  { stdout: process.stdout, stderr: process.stderr },
).then((code) => {
  process.exitCode = code;
});
