/**
 * Human-readable CLI output with file names in it. A name may hold any character but `/`: a
 * newline in it could print a fake `[3/3] ...` progress line, an escape sequence could rewrite the
 * terminal, a bidi override could show `gpj.exe` as `exe.jpg`. Every name, path and message that
 * came from the file system or a file is printed through {@link tty} (or {@link escapeControls}),
 * which shows those characters as visible escapes (`\n`, `\x1b`, `\u202e`) and leaves everything
 * else, accented letters and non-Latin scripts included, as it is. Backslashes stay single so
 * Windows paths read normally; the escaped form is for reading, not for pasting back. JSON output
 * (`--json`) is never escaped this way: JSON has its own escapes.
 */

/**
 * C0 controls and DEL, C1 controls, the Arabic letter mark, left-to-right / right-to-left marks,
 * line and paragraph separators, and the bidi embeddings, overrides and isolates.
 */
const UNSAFE =
  // Matching control characters is this regular expression's whole purpose.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control and bidi-control character shown as a visible escape. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * Template tag for one piece of terminal output: the template's own text (its `\n` line ends,
 * a progress bar's `\r`) is kept, every interpolated value is escaped.
 * `tty\`[${i}/${n}] ${output}\n\`` can never print more than one line, whatever `output` holds.
 */
export function tty(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += escapeControls(String(value)) + (strings[index + 1] ?? '');
  });
  return text;
}

/** Header and problem lines, when `message` ends with `problems` one per line behind a lead. */
function problemLines(message: string, problems: unknown): string[] | undefined {
  if (!Array.isArray(problems) || problems.length === 0) return undefined;
  if (!problems.every((problem): problem is string => typeof problem === 'string'))
    return undefined;
  for (const lead of ['  ', '- ']) {
    const tail = problems.map((problem) => `\n${lead}${problem}`).join('');
    if (message.endsWith(tail)) {
      const header = message.slice(0, message.length - tail.length);
      return [
        escapeControls(header),
        ...problems.map((problem) => `${lead}${escapeControls(problem)}`),
      ];
    }
  }
  return undefined;
}

/**
 * The lines of an error message, each escaped. Errors that list their `problems` (an invalid
 * manifest or recipe, a model folder) print a header and one indented line per problem; their line
 * structure is rebuilt from that list, so only the breaks the message's author made survive and a
 * newline inside a path is shown as `\n`. An error that wraps such an error (its `cause`) and
 * adds a line of its own keeps that structure too. Other messages keep the breaks before indented
 * and `- ` lines only.
 */
export function errorMessageLines(error: unknown): string[] {
  const message = error instanceof Error ? error.message : String(error);
  const own = problemLines(message, (error as { problems?: unknown } | null)?.problems);
  if (own) return own;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && message.startsWith(cause.message) && message !== cause.message) {
    const added = message.slice(cause.message.length);
    const [first, ...more] = added.startsWith('\n') ? ['', added.slice(1)] : [added];
    const lines = errorMessageLines(cause);
    if (first) lines[lines.length - 1] += escapeControls(first);
    return [...lines, ...more.map(escapeControls)];
  }
  return indentedLines(message);
}

/**
 * Any other message: a line break is kept only where the next line is indented or a `- ` list
 * item (the way the core lists what is wrong), every other one is shown as `\n`. A name holding
 * `\n- x` can so add a list item at most, never a line that starts like the CLI's own output.
 */
function indentedLines(message: string): string[] {
  const lines: string[] = [];
  for (const segment of message.split('\n')) {
    const structural = lines.length > 0 && (segment.startsWith('  ') || segment.startsWith('- '));
    if (lines.length === 0 || structural) lines.push(escapeControls(segment));
    else lines[lines.length - 1] += `\\n${escapeControls(segment)}`;
  }
  return lines;
}
