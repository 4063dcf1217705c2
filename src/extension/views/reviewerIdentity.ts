/**
 * Who is reviewing, recorded with every decision (`decidedBy`): the VS Code account the user is
 * signed in with when this extension may see it without asking (a silent session request shows
 * no prompt and no badge), else the OS user. No vscode import: the session lookup is injected,
 * so the choice is testable outside VS Code.
 */
import type * as vscode from 'vscode';
import { osReviewer } from '../../core/jobs/reviewDecisions';

/** Account providers asked, in order, with the narrowest scopes each knows. */
export const REVIEWER_ACCOUNT_PROVIDERS: ReadonlyArray<{ id: string; scopes: string[] }> = [
  { id: 'github', scopes: ['read:user'] },
  { id: 'microsoft', scopes: ['openid', 'profile'] },
];

/** How long one provider may take to answer (an unregistered one may never answer). */
export const ACCOUNT_LOOKUP_TIMEOUT_MS = 1500;

/** `vscode.authentication.getSession` as used here. */
export type SilentSessionLookup = (
  providerId: string,
  scopes: readonly string[],
) => Thenable<Pick<vscode.AuthenticationSession, 'account'> | undefined>;

function withTimeout<T>(promise: Thenable<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/** `<provider>:<account label>` of the first silent session found, else `os:<user>`. */
export async function resolveReviewer(
  lookup: SilentSessionLookup,
  timeoutMs = ACCOUNT_LOOKUP_TIMEOUT_MS,
): Promise<string> {
  for (const provider of REVIEWER_ACCOUNT_PROVIDERS) {
    const session = await withTimeout(lookup(provider.id, provider.scopes), timeoutMs);
    const label = session?.account.label.trim();
    if (label) return `${provider.id}:${label}`;
  }
  return osReviewer();
}
