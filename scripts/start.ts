/**
 * `npm start`: the whole action, locally, with no Postman account.
 *
 * Builds `dist/index.js` when it is missing or older than `src/`, starts the Postman API emulator
 * and the sample API on loopback, copies `examples/` into a fresh git repository (the "checkout"),
 * and runs the bundle exactly as the runner would for a push to the default branch: sync, then runs.
 *
 * `npm start -- --real-api` talks to the real Postman API instead, with the key in POSTMAN_API_KEY,
 * the workspace in POSTMAN_WORKSPACE (and POSTMAN_API_URL for the EU host). It takes the flag, not
 * just the variable: a newcomer who has POSTMAN_API_KEY exported for the Postman CLI must still get
 * the demo, not a push into a real workspace.
 */
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmulator, DEFAULT_API_KEY } from '../emulator/server.js'
import { startSampleApi } from '../emulator/sample-api.js'
import { DIST_ENTRY, runAction } from './lib/run-action.js'

const projectRoot = resolve(import.meta.dirname, '..')

async function newestMtime(dir: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
  }
  return newest
}

async function buildIfStale(): Promise<void> {
  const built = await stat(DIST_ENTRY).then((s) => s.mtimeMs, () => 0)
  if (built >= (await newestMtime(join(projectRoot, 'src')))) return
  console.log('dist/index.js is older than src/: building it first')
  execFileSync(process.execPath, [join(projectRoot, 'scripts/build.mjs')], { stdio: 'inherit', cwd: projectRoot })
}

/** A throwaway checkout holding the examples, committed, so base revisions and the stale guard work. */
async function makeCheckout(baseUrl: string): Promise<{ dir: string; sha: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'postman-sync-demo-'))
  await cp(join(projectRoot, 'examples/collections'), join(dir, 'postman/collections'), { recursive: true })
  await cp(join(projectRoot, 'examples/environments'), join(dir, 'postman/environments'), { recursive: true })
  // The example environment points at port 3000; point it at the sample API actually started.
  const envFile = join(dir, 'postman/environments/local.postman_environment.json')
  await writeFile(envFile, (await readFile(envFile, 'utf8')).replace('http://127.0.0.1:3000', baseUrl))
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'add', '.')
  git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'Postman files')
  return { dir, sha: git('rev-parse', 'HEAD') }
}

/** The real API's key when `--real-api` asks for it; exits with a clear message when it is missing. */
function realApiKey(): string | undefined {
  const { values } = parseArgs({ options: { 'real-api': { type: 'boolean', default: false } } })
  if (!values['real-api']) return undefined
  const key = process.env.POSTMAN_API_KEY
  if (!key || !process.env.POSTMAN_WORKSPACE) {
    console.error('--real-api needs POSTMAN_API_KEY and POSTMAN_WORKSPACE (the workspace id) in the environment.')
    process.exit(2)
  }
  return key
}

async function main(): Promise<void> {
  const realKey = realApiKey()
  await buildIfStale()
  const emulator = realKey ? undefined : await startEmulator()
  const sample = await startSampleApi()
  try {
    const checkout = await makeCheckout(sample.url)
    console.log(realKey ? 'Using the REAL Postman API (--real-api): this pushes to your workspace.' : `Postman API emulator: ${emulator!.url} (npm start -- --real-api to use the real Postman API)`)
    console.log(`Sample API: ${sample.url}\nCheckout: ${checkout.dir}\n`)
    const result = await runAction({
      workspace: checkout.dir,
      eventName: 'push',
      sha: checkout.sha,
      ref: 'refs/heads/main',
      event: { before: '0000000000000000000000000000000000000000', after: checkout.sha, repository: { default_branch: 'main' } },
      inputs: {
        'postman-api-key': realKey ?? DEFAULT_API_KEY,
        'api-url': realKey ? (process.env.POSTMAN_API_URL ?? 'https://api.postman.com') : emulator!.url,
        workspace: realKey ? (process.env.POSTMAN_WORKSPACE ?? '') : 'ws-main',
        run: 'true',
        'run-environment': 'postman/environments/local.postman_environment.json',
        'check-run': 'false',
        comment: 'off'
      },
      echo: true
    })
    console.log('\n── outputs ──')
    for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`)
    console.log('\n── job summary ──')
    console.log(result.summary)
    console.log(`\nThe action exited with ${result.code} (the orders collection has a test that fails on purpose).`)
  } finally {
    await sample.close()
    await emulator?.close()
  }
}

await main()
