/**
 * `make(key, context)` worked out once per key object and kept beside it (a WeakMap): what the request path reads
 * of a spec's operation or schema on every call. `context` must follow from the key (an operation's API, the one
 * `Schemas` of the tables), since only the first call's is used.
 */
export function oncePer<K extends object, C, V>(make: (key: K, context: C) => V): (key: K, context: C) => V {
  const made = new WeakMap<K, V>();
  return (key, context) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key, context);
      made.set(key, value);
    }
    return value;
  };
}
