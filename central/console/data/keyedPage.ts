/**
 * One page of a console list with the total its filter matches: the page is asked for by key (the
 * last row the previous page showed), so rows arriving meanwhile never shift it.
 */
export const maxPageSize = 200;

export interface KeyedPage<T, K> {
  readonly rows: T[];
  /** Pass back as `before` for the next page; undefined on the last. */
  readonly next: K | undefined;
  /** How many rows the filter matches in all. */
  readonly total: number;
}

export async function keyedPage<T, K>(
  limit: number,
  find: (limit: number) => Promise<{ readonly items: T[]; readonly hasMore: boolean }>,
  count: () => Promise<number>,
  keyOf: (row: T) => K,
): Promise<KeyedPage<T, K>> {
  const [found, total] = await Promise.all([find(Math.max(1, Math.min(limit, maxPageSize))), count()]);
  const last = found.items[found.items.length - 1];
  return { rows: found.items, next: found.hasMore && last !== undefined ? keyOf(last) : undefined, total };
}
