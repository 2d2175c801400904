/**
 * JSON.parse keeps the last of two equal keys in an object and says nothing,
 * so a hand-edited model file with `"l2": 1, …, "l2": 10` would load with one
 * of them silently dropped. This scan finds the first duplicate key (after
 * JSON.parse has accepted the text, so the text is known to be valid JSON).
 */

export interface DuplicateKey {
  readonly key: string;
  /** Path of the object holding it, e.g. ['model', 'options']. */
  readonly path: ReadonlyArray<string | number>;
  /** 1-based line of the second occurrence. */
  readonly line: number;
}

interface Frame {
  readonly keys: Set<string> | undefined;
  /** Key (object) or index (array) of the value being read in this container. */
  at: string | number;
}

/**
 * The first key that appears twice in one object of a valid JSON text, or undefined.
 *
 * @example
 * findDuplicateKey('{"a": 1, "b": {"c": 2, "c": 3}}'); // { key: 'c', path: ['b'], line: 1 }
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 123 /* { */) {
      stack.push({ keys: new Set(), at: '' });
      expectKey = true;
      continue;
    }
    if (c === 91 /* [ */) {
      stack.push({ keys: undefined, at: 0 });
      expectKey = false;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      continue;
    }
    if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys !== undefined) expectKey = true;
      else if (top !== undefined) top.at = (top.at as number) + 1;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 34) break;
        j++;
      }
      if (expectKey) {
        const raw = text.slice(i + 1, j);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        const top = stack[stack.length - 1]!;
        if (top.keys!.has(key)) {
          return { key, path: stack.slice(0, -1).map((f) => f.at), line };
        }
        top.keys!.add(key);
        top.at = key;
        expectKey = false;
      }
      i = j;
    }
  }
  return undefined;
}
