// Bundles the action into one ESM file, dist/index.js, with newman inside.
// esbuild needs two things for newman (STYLE.md "Toolchain facts"): a createRequire banner, because
// newman and its sandbox call require() at run time, and terser/browserify left out, because
// postman-sandbox only needs them to rebuild its boot code, which ships prebuilt.
import { build } from 'esbuild'

const started = Date.now()
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No source map: it would add ~18 MB to the committed bundle.
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['terser', 'browserify', 'browserify/lib/builtins'],
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);'
    ].join('\n')
  }
})
console.log(`built dist/index.js in ${Date.now() - started} ms`)
