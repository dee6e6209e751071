/**
 * The one way tests capture what the code writes to stdout (workflow commands such as
 * `::add-mask::` or `::error …::`, the run log) without printing it.
 */
import { vi } from 'vitest'

export interface StdoutCapture {
  /** Everything written so far, as one string. */
  text(): string
  /** The non-empty lines written so far. */
  lines(): string[]
  /** Stops capturing; stdout writes go through again. */
  restore(): void
}

/** Starts capturing stdout until `restore()`. Prefer `stdoutOf` when the code under test is one call. */
export function captureStdout(): StdoutCapture {
  const chunks: string[] = []
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  })
  const text = (): string => chunks.join('')
  return {
    text,
    lines: () =>
      text()
        .split(/\r?\n/)
        .filter((line) => line !== ''),
    restore: () => spy.mockRestore()
  }
}

/** What `fn` writes to stdout, as text; stdout is restored even when `fn` throws. */
export async function stdoutOf(fn: () => unknown): Promise<string> {
  const capture = captureStdout()
  try {
    await fn()
  } finally {
    capture.restore()
  }
  return capture.text()
}

/** The non-empty lines a synchronous `fn` writes to stdout; stdout is restored even when `fn` throws. */
export function stdoutLinesOf(fn: () => void): string[] {
  const capture = captureStdout()
  try {
    fn()
  } finally {
    capture.restore()
  }
  return capture.lines()
}
