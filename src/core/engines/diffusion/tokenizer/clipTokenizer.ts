/**
 * CLIP's tokenizer for Stable Diffusion prompts, written here rather than taken from npm:
 * - @huggingface/transformers (and @xenova/transformers) has an exact CLIP tokenizer but is tens of MB and
 *   pulls in onnxruntime-web next to our onnxruntime-node;
 * - @huggingface/tokenizers (pure JS, 0.x) needs a tokenizer.json, which the older diffusers ONNX export
 *   does not write (it has vocab.json + merges.txt only), and its API is not yet stable;
 * - the `tokenizers` npm package is a native addon, adding per-platform binaries to the extension.
 * CLIP's tokenizer is about 200 lines, and test/unit/diffusion/tokenizer proves it id-for-id against
 * transformers on the real 49408-token vocabulary.
 *
 * What it reproduces: transformers 5's CLIPTokenizer (the tokenizers-backed one, identical to 4.x's
 * CLIPTokenizerFast), which is what diffusers' pipelines load: special tokens split off first (bos, eos,
 * and the pad token when it is not eos, e.g. SD 2's '!'), then NFC + whitespace collapse + lower-casing,
 * CLIP's split pattern, byte-level BPE with '</w>', truncation to maxLength - 2, bos/eos, padding.
 * Known divergences of other CLIP tokenizers (not reproduced, by design):
 * - OpenAI's original tokenizer (and transformers 4.x's slow CLIPTokenizer with ftfy installed) also runs
 *   ftfy.fix_text and html.unescape, so "&amp;" becomes "&" there; here, as in diffusers, it stays "&amp;".
 * - transformers 4.x's slow CLIPTokenizer without ftfy falls back to BERT's BasicTokenizer: it drops
 *   control and format characters (e.g. the zero-width joiner in emoji sequences) and splits CJK
 *   ideographs into one word each, where the fast tokenizer keeps runs of letters together.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BytePairEncoder } from './bytePairEncoder';
import { normalizeClipText, splitClipPieces, toByteSymbols } from './clipText';
import { readTokenizerSettings } from './tokenizerSettings';

/** Options of {@link ClipTokenizer}; defaults are SD 1.x's: 77 tokens padded with '<|endoftext|>'. */
export interface ClipTokenizerOptions {
  maxLength?: number;
  padToken?: string;
  bosToken?: string;
  eosToken?: string;
}

const DEFAULT_MAX_LENGTH = 77;

/** CLIP byte-level BPE tokenizer producing the text encoder's fixed-length input ids. */
export class ClipTokenizer {
  readonly maxLength: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  private readonly bpe: BytePairEncoder;
  /** Special tokens matched in the raw text, longest first. */
  private readonly specials: { text: string; id: number }[];

  private constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    merges: readonly (readonly [string, string])[],
    options: ClipTokenizerOptions,
  ) {
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    if (!Number.isInteger(this.maxLength) || this.maxLength < 2) {
      throw new RangeError(
        `ClipTokenizer: maxLength must be an integer >= 2, got ${String(options.maxLength)}`,
      );
    }
    const idOf = (token: string, role: string): number => {
      const id = vocab.get(token);
      if (id === undefined)
        throw new Error(`ClipTokenizer: the ${role} token '${token}' is not in vocab.json`);
      return id;
    };
    const bos = options.bosToken ?? '<|startoftext|>';
    const eos = options.eosToken ?? '<|endoftext|>';
    const pad = options.padToken ?? eos;
    this.bosId = idOf(bos, 'start');
    this.eosId = idOf(eos, 'end');
    this.padId = idOf(pad, 'pad');
    this.specials = [...new Set([bos, eos, pad])]
      .map((text) => ({ text, id: idOf(text, 'special') }))
      .sort((a, b) => b.text.length - a.text.length);
    this.bpe = new BytePairEncoder(merges);
  }

  /** A tokenizer from parsed vocab.json contents and merges.txt text. */
  static fromVocabulary(
    vocabJson: unknown,
    mergesText: string,
    options: ClipTokenizerOptions = {},
  ): ClipTokenizer {
    return new ClipTokenizer(parseVocab(vocabJson), parseMerges(mergesText), options);
  }

  /** Reads vocab.json and merges.txt (as in a model folder's tokenizer/). */
  static async fromFiles(
    vocabJsonPath: string,
    mergesTxtPath: string,
    options: ClipTokenizerOptions = {},
  ): Promise<ClipTokenizer> {
    const [vocabText, mergesText] = await Promise.all([
      readFile(vocabJsonPath, 'utf8'),
      readFile(mergesTxtPath, 'utf8'),
    ]);
    let vocabJson: unknown;
    try {
      vocabJson = JSON.parse(vocabText);
    } catch (error) {
      throw new Error(
        `ClipTokenizer: ${vocabJsonPath} is not valid JSON (${(error as Error).message})`,
      );
    }
    return ClipTokenizer.fromVocabulary(vocabJson, mergesText, options);
  }

  /**
   * Loads a model's tokenizer: `dir` may be the tokenizer folder itself or the model folder containing
   * tokenizer/. model_max_length and the pad/bos/eos tokens come from tokenizer_config.json and
   * special_tokens_map.json when present ('<|endoftext|>' padding in SD 1.x, '!' in SD 2.x).
   */
  static async fromModelFolder(dir: string): Promise<ClipTokenizer> {
    const tokenizerDir = existsSync(join(dir, 'tokenizer', 'vocab.json'))
      ? join(dir, 'tokenizer')
      : dir;
    const settings = await readTokenizerSettings(tokenizerDir);
    return ClipTokenizer.fromFiles(
      join(tokenizerDir, 'vocab.json'),
      join(tokenizerDir, 'merges.txt'),
      settings,
    );
  }

  /** Token ids of `text`: bos, at most maxLength - 2 tokens, eos, then padding; always maxLength long. */
  encode(text: string): Int32Array {
    if (typeof text !== 'string')
      throw new TypeError('ClipTokenizer.encode: text must be a string');
    const tokens = this.tokenize(text).slice(0, this.maxLength - 2);
    const ids = new Int32Array(this.maxLength).fill(this.padId);
    ids[0] = this.bosId;
    ids.set(tokens, 1);
    ids[tokens.length + 1] = this.eosId;
    return ids;
  }

  /** Ids of `text` without bos, eos, truncation or padding. */
  tokenize(text: string): number[] {
    const ids: number[] = [];
    let rest = text;
    while (rest.length > 0) {
      const next = this.nextSpecial(rest);
      const plain = next ? rest.slice(0, next.at) : rest;
      for (const piece of splitClipPieces(normalizeClipText(plain))) {
        for (const symbol of this.bpe.encodeWord(toByteSymbols(piece))) {
          // every byte symbol is in CLIP's vocabulary; a custom vocabulary may lack one: CLIP's unk is eos
          ids.push(this.vocab.get(symbol) ?? this.eosId);
        }
      }
      if (!next) break;
      ids.push(next.id);
      rest = rest.slice(next.at + next.text.length);
    }
    return ids;
  }

  private nextSpecial(text: string): { at: number; text: string; id: number } | undefined {
    let best: { at: number; text: string; id: number } | undefined;
    for (const special of this.specials) {
      const at = text.indexOf(special.text);
      if (at >= 0 && (!best || at < best.at)) best = { at, ...special };
    }
    return best;
  }
}

function parseVocab(vocabJson: unknown): Map<string, number> {
  if (typeof vocabJson !== 'object' || vocabJson === null || Array.isArray(vocabJson)) {
    throw new Error('ClipTokenizer: vocab.json must be an object mapping tokens to ids');
  }
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(vocabJson as Record<string, unknown>)) {
    if (!Number.isInteger(id) || (id as number) < 0) {
      throw new Error(
        `ClipTokenizer: vocab.json maps '${token}' to ${JSON.stringify(id)}, not a token id`,
      );
    }
    vocab.set(token, id as number);
  }
  if (vocab.size === 0) throw new Error('ClipTokenizer: vocab.json is empty');
  return vocab;
}

function parseMerges(mergesText: string): [string, string][] {
  const merges: [string, string][] = [];
  mergesText.split(/\r?\n/).forEach((line, index) => {
    if (line === '' || (index === 0 && line.startsWith('#version'))) return;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new Error(
        `ClipTokenizer: merges.txt line ${index + 1} is not a pair of symbols: '${line}'`,
      );
    }
    merges.push([parts[0], parts[1]]);
  });
  return merges;
}
