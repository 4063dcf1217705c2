/**
 * The start-up check of a Stable Diffusion ONNX folder, without loading a graph: every required
 * file is there and is a file, every graph is a non-empty ONNX file, the JSON files parse, the
 * scheduler class is one the engine implements (unless the recipe overrides it) and the UNet
 * config's channel count is one the engine runs. Loading the graphs (in the worker) checks what
 * only their metadata tells: a graph in the wrong folder, a channel count that contradicts the
 * config.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Recipe } from '../../../shared/recipe';
import { onnxFileProblems } from '../onnxFileCheck';
import { COMPONENTS, REQUIRED_FILES } from './modelLayout';
import { SCHEDULER_CLASS_NAMES } from './schedulers/scheduler';

async function statOf(file: string): Promise<'file' | 'folder' | undefined> {
  try {
    return (await fs.stat(file)).isFile() ? 'file' : 'folder';
  } catch {
    return undefined;
  }
}

/** The parsed JSON object in `relative`, or the problem with it; undefined when absent. */
async function readJsonObject(
  folder: string,
  relative: string,
  problems: string[],
): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, relative), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    problems.push(`${relative} is not a JSON object`);
  } catch (error) {
    problems.push(`${relative} is not valid JSON: ${(error as Error).message}`);
  }
  return undefined;
}

function schedulerProblem(config: Record<string, unknown>, recipe: Recipe): string | undefined {
  const className = config._class_name;
  if (typeof className !== 'string') return 'scheduler/scheduler_config.json has no _class_name';
  const known = Object.values(SCHEDULER_CLASS_NAMES);
  // An override builds its own scheduler from the config's numbers; the class is then unused.
  if (known.includes(className) || recipe.diffusion.scheduler !== undefined) return undefined;
  return (
    `scheduler/scheduler_config.json names the scheduler class ${className}, which MaskMedPaint ` +
    `does not implement (supported: ${known.join(', ')}); choose one with --scheduler`
  );
}

/** Every problem of `folder` found without a runtime (empty when none). */
export async function inspectDiffusionFolder(folder: string, recipe: Recipe): Promise<string[]> {
  const problems: string[] = [];
  for (const file of REQUIRED_FILES) {
    const kind = await statOf(path.join(folder, file));
    if (kind === undefined) problems.push(`missing ${file}`);
    else if (kind === 'folder') problems.push(`${file} is a folder, expected a file`);
  }
  for (const component of COMPONENTS) {
    const graph = `${component}/model.onnx`;
    if ((await statOf(path.join(folder, graph))) === 'file')
      problems.push(...(await onnxFileProblems(path.join(folder, graph), graph)));
  }
  await readJsonObject(folder, 'model_index.json', problems);
  await readJsonObject(folder, 'tokenizer/vocab.json', problems);
  const scheduler = await readJsonObject(folder, 'scheduler/scheduler_config.json', problems);
  const schedulerIssue = scheduler && schedulerProblem(scheduler, recipe);
  if (schedulerIssue) problems.push(schedulerIssue);
  const unet = await readJsonObject(folder, 'unet/config.json', problems);
  const channels = unet?.in_channels;
  if (channels !== undefined && channels !== 4 && channels !== 9)
    problems.push(
      `unet/config.json says in_channels ${JSON.stringify(channels)}; expected 4 (plain SD) or 9 (inpainting)`,
    );
  for (const vae of ['vae_decoder/config.json', 'vae_encoder/config.json'])
    await readJsonObject(folder, vae, problems);
  return problems;
}
