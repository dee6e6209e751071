/**
 * Reading a Postman file's text as strict JSON: BOM, empty file and syntax errors, each with the
 * position a reader needs. Postman files are strict JSON, so comments and trailing commas are
 * syntax errors here even though jsonc-parser could read them.
 */
import { type ParseError, type ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser'
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js'
import { lineColumnAt, type TextPosition } from '../util/json-positions.js'

/** The result of reading a text: the value, or why there is none. */
export type JsonTextResult =
  { ok: true; value: unknown; bom: boolean } | { ok: false; bom: boolean; problem: 'empty' | 'syntax' | 'depth'; message: string; position?: TextPosition }

const BOM = '\uFEFF'

/**
 * Parses `text` once. `JSON.parse` does the work (native, several times faster than a JS parser
 * on a 50 MB file); only when it fails does jsonc-parser scan the text for the error's offset, as
 * `JSON.parse` messages do not reliably carry one. A leading BOM is reported and skipped, so the
 * rest of the file is still checked. Positions are counted without the BOM, as editors show the
 * text (the BOM is invisible there and takes no column).
 */
export function parseJsonText(text: string): JsonTextResult {
  const bom = text.startsWith(BOM)
  const body = bom ? text.slice(1) : text
  if (body.trim() === '') return { ok: false, bom, problem: 'empty', message: 'The file is empty.' }
  const deep = tooDeepAt(body)
  if (deep !== undefined) {
    const position = lineColumnAt(body, deep)
    return {
      ok: false,
      bom,
      problem: 'depth',
      message: `Arrays and objects are nested more than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels deep (the limit is crossed at line ${position.line}, column ${position.column}); Postman Sync refuses files nested this deeply. See "Limits" in the README.`,
      position
    }
  }
  try {
    return { ok: true, value: JSON.parse(body), bom }
  } catch (error) {
    const syntax = firstSyntaxError(body)
    if (syntax === undefined) {
      // jsonc-parser accepted what JSON.parse rejected (e.g. a control character in a string).
      const reason = error instanceof Error ? error.message : String(error)
      return { ok: false, bom, problem: 'syntax', message: `The file is not valid JSON: ${reason}` }
    }
    return {
      ok: false,
      bom,
      problem: 'syntax',
      message: `The file is not valid JSON: ${describeParseError(syntax.error)}. Postman files are strict JSON (no comments, no trailing commas).`,
      position: lineColumnAt(body, syntax.offset)
    }
  }
}

function firstSyntaxError(text: string): ParseError | undefined {
  let first: ParseError | undefined
  visit(
    text,
    {
      onError: (error, offset, length) => {
        first ??= { error, offset, length }
      }
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }
  )
  return first
}

// Keyed by jsonc-parser's error names: ParseErrorCode is a const enum, unusable as a value here.
const DESCRIPTIONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected (a trailing comma?)',
  ValueExpected: 'value expected (a trailing comma?)',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace expected',
  CloseBracketExpected: 'closing bracket expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string'
}

function describeParseError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code)
  return DESCRIPTIONS[name] ?? name
}

/** `text` without a leading UTF-8 BOM (V8 shares the characters: no copy of a large text). */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text
}
