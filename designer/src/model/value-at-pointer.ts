/**
 * The unescaped tokens of a JSON pointer (RFC 6901: "~1" is "/", "~0" is "~").
 * @example pointerTokens('/fields/properties/a~1b') // → ['fields', 'properties', 'a/b']
 */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The value a JSON pointer points to in a document, or undefined when nothing is there.
 * @example valueAtPointer({ a: [{ b: 'x' }] }, '/a/0/b') // → 'x'
 */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  let current = document;
  for (const token of pointerTokens(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
