import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Tokenizer settings a model folder declares (all optional; absent ones keep CLIP's defaults). */
export interface TokenizerSettings {
  maxLength?: number;
  padToken?: string;
  bosToken?: string;
  eosToken?: string;
}

/** transformers writes "no limit" as 1e30; CLIP's text encoder has 77 positions. */
const UNBOUNDED_LENGTH = 1e6;

/**
 * Reads tokenizer_config.json then special_tokens_map.json (which wins, as in transformers) from a
 * tokenizer folder. Tokens may be plain strings or serialized AddedToken objects ({content: "!"}).
 * Missing files are fine; a file that is not valid JSON is an error naming it.
 */
export async function readTokenizerSettings(tokenizerDir: string): Promise<TokenizerSettings> {
  const settings: TokenizerSettings = {};
  for (const name of ['tokenizer_config.json', 'special_tokens_map.json']) {
    const json = await readJsonIfPresent(join(tokenizerDir, name));
    if (!json) continue;
    const maxLength = json.model_max_length;
    if (
      typeof maxLength === 'number' &&
      Number.isInteger(maxLength) &&
      maxLength > 1 &&
      maxLength < UNBOUNDED_LENGTH
    ) {
      settings.maxLength = maxLength;
    }
    const pad = tokenText(json.pad_token);
    const bos = tokenText(json.bos_token);
    const eos = tokenText(json.eos_token);
    if (pad !== undefined) settings.padToken = pad;
    if (bos !== undefined) settings.bosToken = bos;
    if (eos !== undefined) settings.eosToken = eos;
  }
  return settings;
}

async function readJsonIfPresent(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must contain a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return undefined;
}
