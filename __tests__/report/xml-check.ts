/**
 * A small well-formedness check for the XML the action writes (no XML parser is a dependency):
 * balanced tags, quoted attributes, no raw `<` or stray `&` in text or attribute values, no
 * characters XML 1.0 forbids. Returns the problems found.
 */
export function checkWellFormed(xml: string): string[] {
  const problems: string[] = []
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) problems.push('forbidden character')
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g
  let match: RegExpExecArray | null
  let position = 0
  while (position < body.length && (match = token.exec(body)) !== null) {
    position = token.lastIndex
    const [, closing, name, attributes, selfClosing, text, stray] = match
    if (stray !== undefined) {
      problems.push(`stray < at ${match.index}`)
      break
    }
    const content = text ?? attributes ?? ''
    if (content.replace(entity, '').includes('&')) problems.push(`unescaped & near ${match.index}`)
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') problems.push('text outside the root')
      continue
    }
    if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`)
    } else if (!selfClosing) stack.push(name!)
  }
  if (position < body.length) problems.push(`unparsed input at ${position}`)
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`)
  return problems
}
