/**
 * What an evaluated value is, for a message that must not quote it. A value an expression gives
 * at run time comes from case data and may be personal (an appointment, a diagnosis, a national
 * id), while incident messages are read by analysts and auditors, who never see personal values
 * (docs/privacy.md). So a message names the expression, which is the model's own text, and
 * describes the value by its type and size only.
 *
 * @example
 * describeValue('March 7, 2030') // 'a text of 13 characters'
 * describeValue([1, 2, 3]) // 'a list of 3 items'
 * describeValue(undefined) // 'nothing'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const length = [...value].length;
    return length === 0 ? 'an empty text' : `a text of ${count(length, 'character')}`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'a boolean (true or false)';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${count(value.length, 'item')}`;
  if (value instanceof Date) return 'a date and time';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const size = Object.keys(value).length;
    return size === 0 ? 'an empty context (object)' : `a context (object) of ${count(size, 'entry', 'entries')}`;
  }
  return `a value of type ${typeof value}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
