/** Every item of an async iterable, in order (for inputs small enough to hold: schools, terms, tests). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
