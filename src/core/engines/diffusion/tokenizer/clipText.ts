/**
 * CLIP's text preparation as transformers' CLIPTokenizer does it (the tokenizers-backed tokenizer that
 * diffusers' Stable Diffusion pipelines load): NFC, every whitespace run to one space, per-code-point
 * lower-casing, then CLIP's split pattern, and GPT-2's byte-to-unicode table for byte-level BPE.
 */

/**
 * Unicode White_Space, which is what `\s` means in the Oniguruma regexes of the tokenizers library.
 * JavaScript's `\s` differs (it includes U+FEFF and omits U+0085), so it is spelled out.
 */
const WHITESPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const WHITESPACE_RUN = new RegExp(`[${WHITESPACE}]+`, 'gu');

/**
 * CLIP's pre-tokenization pattern; text between matches (whitespace) is dropped. Special tokens are split
 * off before normalization, so they are not part of it here.
 */
const CLIP_PIECE = new RegExp(
  `'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^${WHITESPACE}\\p{L}\\p{N}]+`,
  'gu',
);

/**
 * tokenizers' normalizer sequence for CLIP: NFC, whitespace runs to ' ', Lowercase. Lower-casing is per
 * code point (Rust's char::to_lowercase), so a final capital sigma becomes 'σ', not the contextual 'ς'
 * that String.prototype.toLowerCase would give.
 */
export function normalizeClipText(text: string): string {
  const collapsed = text.normalize('NFC').replace(WHITESPACE_RUN, ' ');
  let lowered = '';
  for (const char of collapsed) lowered += char.toLowerCase();
  return lowered;
}

/** Splits normalized text into CLIP's pre-tokens (words, single digits, punctuation runs, contractions). */
export function splitClipPieces(normalized: string): string[] {
  return normalized.match(CLIP_PIECE) ?? [];
}

/**
 * GPT-2/CLIP byte-to-unicode table: printable Latin-1 bytes map to themselves, the other 68 bytes to
 * code points from 256 on, so every byte sequence becomes a string of visible characters.
 */
function buildByteEncoder(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCharCode(b);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCharCode(256 + extra++);
  }
  return table;
}

const BYTE_ENCODER = buildByteEncoder();

const UTF8 = new TextEncoder();

/** A pre-token as byte-level symbols: one visible character per UTF-8 byte. */
export function toByteSymbols(piece: string): string[] {
  return Array.from(UTF8.encode(piece), (byte) => BYTE_ENCODER[byte]);
}
