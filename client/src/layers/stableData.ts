/**
 * deck.gl compares a layer's data by identity: a new array, even with the same contents, makes it
 * rebuild and re-upload every attribute to the GPU. The map rebuilds its layers on every draw (a
 * cell picked, a ward selected), so what a layer derives from the loaded data must come out as the
 * same object for the same input.
 */

/** `fn` memoised on its input's identity (the input is an answer of the API, kept while drawn). */
export function sameFor<I extends object, O>(fn: (input: I) => O): (input: I) => O {
  const seen = new WeakMap<I, O>();
  return (input) => {
    if (seen.has(input)) return seen.get(input)!;
    const out = fn(input);
    seen.set(input, out);
    return out;
  };
}

/** `fn` memoised on its last key only (keys compared with ===, for strings and features). */
export function lastFor<K, O>(fn: (key: K) => O): (key: K) => O {
  let last: { key: K; out: O } | null = null;
  return (key) => {
    if (last && last.key === key) return last.out;
    last = { key, out: fn(key) };
    return last.out;
  };
}
