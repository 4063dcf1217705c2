/**
 * Runs an async function over a list with at most `limit` calls in flight, results in input order.
 * Used where many small file-system checks would otherwise wait on each other one by one (each
 * awaited `lstat` is a round trip through libuv's thread pool): a gallery of 100,000 items, a
 * notebook page's thumbnails.
 */
export async function mapLimited<T, R>(
  inputs: readonly T[],
  limit: number,
  work: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await work(inputs[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, lane));
  return results;
}
