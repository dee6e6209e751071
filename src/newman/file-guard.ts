/**
 * Closes three holes in the file access newman gives collections. Request bodies can upload files
 * (`formdata` with `type: file`, `mode: file`), and pre-request scripts can point a request at any
 * path. newman's SecureFS is meant to keep those paths inside the working directory, but:
 *
 * - newman's library (unlike its CLI) allows reading any file by default (`insecureFileRead`
 *   defaults to true in `newman.run`): the runner passes false;
 * - a symlink committed in the pull request (`data.txt -> /proc/self/environ`) passes the check and
 *   reads a file outside the repository — `/proc/self/environ` still holds the `INPUT_*` values
 *   this process started with, whatever was removed from `process.env` since;
 * - `.git/config` is inside the repository, and `actions/checkout` stores the job's token there
 *   (`persist-credentials`, the default).
 *
 * So every path is also resolved through symlinks, and must stay inside the real working
 * directory and out of any `.git` directory. newman offers no option for its file resolver; on
 * the run's `start` event (before any request) the check wraps the resolver instance's path
 * function, `_resolve`, which `stat` and `createReadStream` (the uploads) go through, and
 * `readFile` (newman's own certificate options, unused here, which SecureFS does not check at
 * all) is routed through it as well. Patching the
 * instance rather than the SecureFS prototype works whatever module instance newman was loaded
 * from (bundle, node_modules, a test runner's loader). If a newman upgrade changes that shape,
 * every file read is refused: fail closed.
 */
import { realpathSync } from 'node:fs'
import { rootRelative } from '../util/paths.js'

interface SecureFsLike {
  workingDir: string
  _resolve(path: string, whiteList?: string[]): string | undefined
}

/** Whether `resolved` may be read by a collection run working in `workingDir`. */
export function isReadableByRun(resolved: string, workingDir: string): boolean {
  const root = real(workingDir)
  const target = real(resolved)
  if (root === undefined) return false
  // A path that does not exist cannot leak anything; judge its spelling (SecureFS already did).
  const path = target ?? resolved
  const inside = rootRelative(root, path)
  return inside !== undefined && !inside.split('/').includes('.git')
}

function real(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/** The part of newman's `start` event payload the guard needs. */
interface StartPayload {
  run?: { options?: { fileResolver?: Partial<SecureFsLike> & Record<string, unknown> } }
}

const DENIED = 'file access is disabled: the action could not install its file-access check on this newman version'

/**
 * Wraps the file resolver of the run that `start` announces. When the resolver does not have the
 * expected shape, every file read of the run is refused instead, and false is returned.
 */
export function guardRunFileAccess(payload: StartPayload | undefined): boolean {
  const resolver = payload?.run?.options?.fileResolver
  // No resolver: postman-runtime reads no file at all.
  if (resolver === undefined) return true
  if (typeof resolver._resolve !== 'function' || typeof resolver.workingDir !== 'string') {
    resolver.stat = (_path: string, callback: (error: Error) => void) => callback(new Error(DENIED))
    resolver.readFile = (_path: string, ...rest: unknown[]) => (rest.pop() as (error: Error) => void)(new Error(DENIED))
    resolver.createReadStream = () => {
      throw new Error(DENIED)
    }
    return false
  }
  const original = resolver._resolve.bind(resolver)
  const workingDir = resolver.workingDir
  resolver._resolve = (path: string, whiteList?: string[]) => {
    // newman's library defaults `insecureFileRead` to true (only its CLI defaults to false): the
    // runner passes false, and the check here applies whatever the flag says.
    const resolved = original(path, whiteList)
    return resolved !== undefined && isReadableByRun(resolved, workingDir) ? resolved : undefined
  }
  const readFile = resolver.readFile
  if (typeof readFile === 'function') {
    resolver.readFile = (path: string, ...rest: unknown[]) => {
      const resolved = resolver._resolve?.(path)
      if (resolved === undefined) return (rest.pop() as (error: Error) => void)(new Error('PPERM: insecure file access outside working directory'))
      return (readFile as (...args: unknown[]) => unknown).call(resolver, resolved, ...rest)
    }
  }
  return true
}
