/**
 * Which level of a setting may be used under workspace trust. Pure (no vscode import) so the
 * rule is unit-tested directly.
 */

/** The values of one setting at each level, as `WorkspaceConfiguration.inspect` returns them. */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The effective value of a setting that must not come from an untrusted workspace: the usual
 * precedence (folder, workspace, user, default) when trusted; user or default value otherwise,
 * so a cloned repository cannot point the extension at a model or interpreter of its choosing.
 */
export function trustedValue<T>(
  inspected: InspectedValue<T> | undefined,
  trusted: boolean,
): T | undefined {
  if (!inspected) return undefined;
  if (trusted) {
    return (
      inspected.workspaceFolderValue ??
      inspected.workspaceValue ??
      inspected.globalValue ??
      inspected.defaultValue
    );
  }
  return inspected.globalValue ?? inspected.defaultValue;
}
