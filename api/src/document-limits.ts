import { GraphQLError, Lexer, parse, Source, TokenKind, type DocumentNode, type ParseOptions } from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/** A refusal of the document before it is parsed: a parse error, answered with HTTP 400. */
function refused(source: Source, position: number, message: string): GraphQLError {
  return new GraphQLError(`Syntax Error: ${message}`, { source, positions: [position], extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });
}

/**
 * Parses a document only when it has at most `maxTokens` tokens and nests brackets (`{ [ (`) at most `maxNesting`
 * deep. graphql-js's parser recurses once per level (a list literal of 2,000 levels overflows Node's stack), so the
 * nesting is counted first by its lexer, which does not recurse and stops at the token limit; the parse then
 * enforces the token limit itself (graphql-js's `maxTokens`).
 * @example parseWithinLimits('{ me { id } }', { maxTokens: 2000, maxNesting: 64 })
 */
export function parseWithinLimits(document: string | Source, limits: { maxTokens: number; maxNesting: number }, options: ParseOptions = {}): DocumentNode {
  const source = typeof document === 'string' ? new Source(document) : document;
  const lexer = new Lexer(source);
  let depth = 0;
  for (let tokens = 0, token = lexer.advance(); token.kind !== TokenKind.EOF && tokens <= limits.maxTokens; tokens++, token = lexer.advance()) {
    if (OPENING.has(token.kind) && ++depth > limits.maxNesting) {
      throw refused(source, token.start, `the document nests brackets more than ${limits.maxNesting} deep; send deep values as variables`);
    }
    if (CLOSING.has(token.kind)) depth--;
  }
  try {
    return parse(source, { ...options, maxTokens: limits.maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && /more th\w+ \d+ tokens/.test(error.message)) {
      throw refused(source, error.positions?.[0] ?? 0, `the document has more than ${limits.maxTokens} tokens; send large values as variables`);
    }
    throw error;
  }
}

/**
 * Limits a GraphQL document before it is parsed (parseWithinLimits), so a 20,000-level query or a megabyte of
 * tokens is a 400 with a message, never a stack overflow or a 500.
 * @example createYoga({ plugins: [useDocumentLimits({ maxTokens: 2000, maxNesting: 64 })] })
 */
export function useDocumentLimits(limits: { maxTokens: number; maxNesting: number }): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithinLimits(source, limits, options));
    },
  };
}
