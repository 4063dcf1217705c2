/**
 * Reads the evidence results.md written by `npm run evidence`: its pipe tables become structured
 * tables and the remaining non-empty lines become plain notes (headings without their `#`). The
 * webview draws both as text, so no Markdown is rendered to HTML.
 */
import type { ResultsTable } from '../../shared/webviewProtocol';

function isTableLine(line: string): boolean {
  return line.trim().startsWith('|');
}

function cells(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function isSeparator(line: string): boolean {
  return cells(line).every((cell) => /^:?-{3,}:?$/.test(cell));
}

/** Splits Markdown into its pipe tables and notes, in document order. */
export function parseResultsMarkdown(markdown: string): {
  tables: ResultsTable[];
  notes: string[];
} {
  const lines = markdown.split(/\r?\n/);
  const tables: ResultsTable[] = [];
  const notes: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (
      isTableLine(line) &&
      i + 1 < lines.length &&
      isTableLine(lines[i + 1]) &&
      isSeparator(lines[i + 1])
    ) {
      const headers = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && isTableLine(lines[i])) {
        const row = cells(lines[i]);
        // Pad or cut to the header width so every row lines up.
        rows.push(headers.map((_, c) => row[c] ?? ''));
        i++;
      }
      i--;
      tables.push({ headers, rows });
    } else if (line.trim() !== '') {
      notes.push(line.trim().replace(/^#+\s*/, ''));
    }
  }
  return { tables, notes };
}
