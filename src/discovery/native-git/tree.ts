/**
 * The in-memory form of one Native Git (Collection v3) collection directory, as the reader returns
 * it and the converter (src/content/native-git) takes it: every file parsed, with positions, and
 * every folder's children already in their display order.
 */
import type { YamlFile } from './yaml-file.js'

/** A `<name>.request.yaml` of a supported kind, with its saved examples. */
export interface V3Request {
  kind: 'request'
  /** The request name: the file's `name:` when present (sanitised file names), else the file name. */
  name: string
  /** The file name without `.request.yaml`. */
  stem: string
  yaml: YamlFile
  /** `*.example.yaml` files of the request, in order (by `order`, then name). */
  examples: YamlFile[]
}

/** A collection directory or a folder directory. */
export interface V3Folder {
  kind: 'folder'
  /** The definition's `name:` when present, else the directory name. */
  name: string
  /** Repository-relative directory path with `/` separators. */
  dir: string
  /** `.resources/definition.yaml`, absent when the directory has none. */
  definition?: YamlFile
  children: V3Node[]
}

export type V3Node = V3Folder | V3Request

/** One collection: its root directory, read recursively. */
export interface V3CollectionTree {
  root: V3Folder
}

/** Request kinds the converter turns into v2.1 requests (a GraphQL request is a POST with a GraphQL body). */
export const SUPPORTED_REQUEST_KINDS: ReadonlySet<string> = new Set(['http-request', 'graphql-request'])

/** Example kinds read as saved responses. */
export const SUPPORTED_EXAMPLE_KINDS: ReadonlySet<string> = new Set(['http-example', 'graphql-example'])
