/**
 * The `maskmedpaint.outputLocation` setting: a path pattern such as
 * "${sourceFolder}-maskmedpaint" expanded for one source folder.
 */
import * as path from 'node:path';

/** Values the pattern may use. */
export interface OutputPatternValues {
  /** Absolute path of the source folder. */
  sourceFolder: string;
  /** Absolute path of the workspace folder containing the source (or its parent folder). */
  workspaceFolder: string;
  preset: string;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/** A pattern that cannot be expanded (unknown variable, empty result, output inside the source). */
export class OutputLocationError extends Error {
  override name = 'OutputLocationError';
}

/**
 * Expands `pattern` to an absolute output folder. Known variables: ${sourceFolder},
 * ${sourceFolderName}, ${workspaceFolder}, ${preset}. A relative result is taken relative to
 * the workspace folder. The output may not be the source folder or lie inside it, because
 * source folders are never written to.
 */
export function expandOutputPattern(pattern: string, values: OutputPatternValues): string {
  const known: Record<string, string> = {
    sourceFolder: values.sourceFolder,
    sourceFolderName: path.basename(values.sourceFolder),
    workspaceFolder: values.workspaceFolder,
    preset: values.preset,
  };
  const expanded = pattern.replace(VARIABLE, (_match, name: string) => {
    const value = known[name];
    if (value === undefined) {
      throw new OutputLocationError(
        `maskmedpaint.outputLocation: unknown variable \${${name}} (known: ${Object.keys(known)
          .map((k) => `\${${k}}`)
          .join(', ')})`,
      );
    }
    return value;
  });
  if (expanded.trim() === '') throw new OutputLocationError('maskmedpaint.outputLocation is empty');
  const output = path.resolve(values.workspaceFolder, expanded);
  const relative = path.relative(values.sourceFolder, output);
  if (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  ) {
    throw new OutputLocationError(
      `output folder ${output} is inside the source folder ${values.sourceFolder}; source folders are never written to`,
    );
  }
  return output;
}

/** The folder a preview run writes to, beside the full run's output. */
export function previewOutputFolder(output: string): string {
  return `${output}-preview`;
}
