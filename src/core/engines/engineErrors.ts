/** The configuration errors of engine selection: the CLI maps both to exit code 2. */

/** An engine id that is not in the registry. */
export class EngineUnavailableError extends Error {
  constructor(
    readonly engine: string,
    available: readonly string[],
  ) {
    super(`engine "${engine}" is not available in this build (available: ${available.join(', ')})`);
    this.name = 'EngineUnavailableError';
  }
}

/** A model that is missing or unusable for its engine: the user's configuration to fix. */
export class EngineModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineModelError';
  }
}
