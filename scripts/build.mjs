// Bundles the action into dist/: the entry dist/index.js and, under dist/chunks/, the code it
// imports only when needed (newman for the runs, @actions/artifact for the upload). Split so a step
// that syncs but runs nothing never parses newman's 10 MB: the cold start is the entry's parse.
// esbuild needs two things for newman: a createRequire banner, because
// newman and its sandbox call require() at run time, and terser/browserify left out, because
// postman-sandbox only needs them to rebuild its boot code, which ships prebuilt.
//
// `node scripts/build.mjs --outdir <path>` (relative to the repository root) writes the same bundle
// elsewhere: the dist check test (__tests__/interface/dist.test.ts) builds into a temporary
// directory and compares every file with dist/. Each file is written beside its place and renamed
// over it, so a process loading dist/ at that moment (`npm start` rebuilds a stale bundle while
// the e2e tests run it) reads the old file or the new one, never half of one; afterwards, chunks
// no longer part of the build go.
import { build } from 'esbuild'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } })
// Paths in the bundle's comments are relative to the working directory: pin it to the repository
// root so the bundle is the same whichever directory the build starts from.
const root = resolve(import.meta.dirname, '..')
const outdir = resolve(root, values.outdir)

const started = Date.now()
const result = await build({
  absWorkingDir: root,
  write: false,
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
for (const file of result.outputFiles) {
  await mkdir(dirname(file.path), { recursive: true })
  const temporary = `${file.path}.${process.pid}.tmp`
  await writeFile(temporary, file.contents)
  await rename(temporary, file.path)
}
// Chunk names carry a hash of their content: one this build did not write is an older build's.
const written = new Set(result.outputFiles.map((file) => file.path))
const chunks = join(outdir, 'chunks')
for (const name of await readdir(chunks).catch(() => [])) {
  // A `.tmp` is another build's file on its way into place.
  if (!written.has(join(chunks, name)) && !name.endsWith('.tmp')) await rm(join(chunks, name), { force: true })
}
console.log(`built ${values.outdir}/ in ${Date.now() - started} ms`)
