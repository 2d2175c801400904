/**
 * A count with its noun, singular for exactly one: rule messages said "at most 1 units".
 *
 * @example
 * countNoun(1, 'unit'); // '1 unit'
 * countNoun(3, 'unit'); // '3 units'
 */
export function countNoun(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
