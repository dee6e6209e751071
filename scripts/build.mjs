// Bundles the action into dist/: the entry dist/index.js and, under dist/chunks/, the code it
// imports only when needed (newman for the runs, @actions/artifact for the upload). Split so a step
// that syncs but runs nothing never parses newman's 10 MB: the cold start is the entry's parse.
// esbuild needs two things for newman: a createRequire banner, because
// newman and its sandbox call require() at run time, and terser/browserify left out, because
// postman-sandbox only needs them to rebuild its boot code, which ships prebuilt.
//
// `node scripts/build.mjs --outdir <path>` (relative to the repository root) writes the same bundle
// elsewhere: the dist check test (__tests__/interface/dist.test.ts) builds into a temporary
// directory and compares every file with dist/. The directory is emptied first, so no chunk of an
// older build stays behind.
import { build } from 'esbuild'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } })
// Paths in the bundle's comments are relative to the working directory: pin it to the repository
// root so the bundle is the same whichever directory the build starts from.
const root = resolve(import.meta.dirname, '..')
const outdir = resolve(root, values.outdir)
await rm(outdir, { recursive: true, force: true })

const started = Date.now()
await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outdir,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No source map: it would add ~18 MB to the committed bundle.
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['terser', 'browserify', 'browserify/lib/builtins'],
  // jsonc-parser's `main` is a UMD wrapper whose factory require()s './impl/*' at run time, which
  // a bundle cannot resolve ("Dynamic require of './impl/format'"); its ES build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      // `var`, not `const`: esbuild does not see the banner, and an ES module in the bundle
      // (@azure/storage-common's crc64, under @actions/artifact) declares its own top-level
      // `var __filename`, which a `const` here would make a SyntaxError. It assigns the same value.
      'var __filename = __fileURLToPath(import.meta.url);',
      'var __dirname = __pathDirname(__filename);'
    ].join('\n')
  }
})
console.log(`built ${values.outdir}/ in ${Date.now() - started} ms`)
