/**
 * Native Git (Collection v3 YAML) repositories: reading and validating collection directories and
 * environment files, with every problem a finding at its file, line and column.
 */
export { DEFAULT_MAX_DEPTH, readV3Collection, type ReadV3Options, type ReadV3Result } from './read-collection.js'
export { ENVIRONMENT_SUFFIX, isV3EnvironmentPath, readV3Environment, type ReadV3EnvironmentResult } from './read-environment.js'
export { SUPPORTED_EXAMPLE_KINDS, SUPPORTED_REQUEST_KINDS, type V3CollectionTree, type V3Folder, type V3Node, type V3Request } from './tree.js'
export { MAX_SCHEMA_FINDINGS, validateV3File, type V3FileKind } from './validate.js'
export { nodeAt, parseYamlFile, positionOf, type Position, type YamlFile } from './yaml-file.js'
