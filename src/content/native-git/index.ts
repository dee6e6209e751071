/** Native Git (Collection v3 YAML) → v2.1: collections (with script source lines) and environments. */
export { COLLECTION_SCHEMA_V21, convertV3Collection, scriptKey, type EventListen, type ScriptSource, type V3Conversion } from './convert-collection.js'
export { convertV3Environment } from './convert-environment.js'
export { codeSourceLines } from './script-lines.js'
