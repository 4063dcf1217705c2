/**
 * CSV reading and writing for the core. The implementation lives in src/shared/csv.ts, because
 * the predictions parser in src/shared/ (which may not import the core) uses it too.
 */
export { CsvParseError, formatCsv, parseCsv } from '../../shared/csv';
