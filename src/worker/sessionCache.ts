/**
 * The worker's loaded models: one per slot (an engine id, or a tool such as background removal),
 * kept for the next request with the same model and execution provider, so the k items of a run
 * reuse one set of ONNX Runtime sessions. A request for another model or provider replaces the
 * slot's model, releasing the old sessions first so two large models never sit in memory together.
 */

/** Something holding sessions. */
export interface Releasable {
  dispose?(): Promise<void>;
}

export class SessionCache<T extends Releasable> {
  private readonly slots = new Map<string, { key: string; value: T }>();

  /**
   * The value in `slot` for `key` ("model, provider"): the loaded one, or what `load` gives
   * (nothing is kept when it throws).
   */
  async get(slot: string, key: string, load: () => Promise<T>): Promise<T> {
    const current = this.slots.get(slot);
    if (current?.key === key) return current.value;
    this.slots.delete(slot);
    await current?.value.dispose?.();
    const value = await load();
    this.slots.set(slot, { key, value });
    return value;
  }

  /** Releases every loaded model. */
  async disposeAll(): Promise<void> {
    const values = [...this.slots.values()];
    this.slots.clear();
    for (const { value } of values) await value.dispose?.();
  }
}
