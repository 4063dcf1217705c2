/**
 * Minimal RFC 4180 CSV reading and writing (quoted fields, doubled quotes, CRLF or LF lines).
 * Pure (no Node built-ins), so host code, the core and the gallery's predictions parser share it.
 */

/** Quotes a field when it contains a comma, quote, CR or LF (RFC 4180, section 2). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Formats rows as CSV text with CRLF line endings (as RFC 4180 specifies) and a final CRLF. */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A CSV syntax problem with its 1-based line number. */
export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

/**
 * Parses CSV text into rows of fields. Blank lines are dropped; a UTF-8 byte-order mark is ignored.
 * Throws {@link CsvParseError} on an unterminated quote or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let fieldWasQuoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = (): void => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '' && !fieldWasQuoted)) rows.push(row);
    row = [];
    field = '';
    fieldWasQuoted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          const next = input[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            throw new CsvParseError(`unexpected text after a closing quote on line ${line}`, line);
          }
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      inQuotes = true;
      fieldWasQuoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldWasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRow();
      line++;
    } else {
      field += ch;
    }
  }
  if (inQuotes)
    throw new CsvParseError(`unterminated quoted field starting before line ${line}`, line);
  if (field !== '' || row.length > 0 || fieldWasQuoted) endRow();
  return rows;
}
