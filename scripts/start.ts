/**
 * `npm start`: the whole action, locally, with no Postman account.
 *
 * Builds `dist/index.js` when it is missing or older than `src/`, starts the Postman API emulator
 * and the sample API on loopback, copies `examples/` into a fresh git repository (the "checkout"),
 * and runs the bundle exactly as the runner would for a push to the default branch: sync, then runs.
 * `npm start -- --plan` runs it as for a pull request instead: a plan (nothing written), then runs.
 * `npm start -- --v3` does the same with the Native Git sample (`examples/native-git/`): the same two
 * collections as Collection v3 YAML directories, and a YAML environment, as Postman's Native Git
 * writes them.
 * `npm start -- --pr` shows the whole pull-request path: the same plan and runs, with a GitHub token
 * and `GITHUB_API_URL` pointing at a loopback stand-in of the GitHub API, so the action posts its
 * pull-request comment exactly as on GitHub; the comment the stand-in received is written to
 * `comment.md` next to the plan, and its path printed.
 * `npm start -- --real-api` talks to the real Postman API instead, with the key in POSTMAN_API_KEY,
 * the workspace in POSTMAN_WORKSPACE (and POSTMAN_API_URL for the EU host). It takes the flag, not
 * just the variable: a newcomer who has POSTMAN_API_KEY exported for the Postman CLI must still get
 * the demo, not a push into a real workspace.
 *
 * Exits non-zero when the outcome is not the demo's expected one (every file synced or planned,
 * exactly the one assertion that fails on purpose), so CI can use it as a smoke test.
 */
import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmulator, DEFAULT_API_KEY } from '../emulator/server.js'
import { startSampleApi } from '../emulator/sample-api.js'
import { DIST_ENTRY, runAction, type ActionRunResult } from './lib/run-action.js'
import { startGitHubStandIn, type GitHubStandIn } from './lib/github-stand-in.js'

const projectRoot = resolve(import.meta.dirname, '..')
const flags = parseArgs({
  options: {
    plan: { type: 'boolean', default: false },
    pr: { type: 'boolean', default: false },
    'real-api': { type: 'boolean', default: false },
    v3: { type: 'boolean', default: false }
  }
}).values
const planOnly = flags.plan || flags.pr
/** The demo's pull request. */
const PR_NUMBER = 1

/** What the checkout holds: the JSON sample, or the Native Git (Collection v3 YAML) one. */
const SAMPLE: { copies: Array<[from: string, to: string]>; environment: string } = flags.v3
  ? { copies: [['examples/native-git/postman', 'postman']], environment: 'postman/environments/Local.environment.yaml' }
  : {
      copies: [
        ['examples/collections', 'postman/collections'],
        ['examples/environments', 'postman/environments']
      ],
      environment: 'postman/environments/local.postman_environment.json'
    }
const ZERO_SHA = '0000000000000000000000000000000000000000'

/** The event the runner would give: a push to the default branch, or a pull request into it. */
function demoEvent(sha: string): { eventName: string; ref: string; event: Record<string, unknown> } {
  const repository = { default_branch: 'main', full_name: 'demo/postman-sync-demo' }
  if (!planOnly) return { eventName: 'push', ref: 'refs/heads/main', event: { before: ZERO_SHA, after: sha, repository } }
  const repo = { full_name: repository.full_name, fork: false }
  return {
    eventName: 'pull_request',
    ref: `refs/pull/${PR_NUMBER}/merge`,
    event: {
      action: 'opened',
      number: PR_NUMBER,
      pull_request: { number: PR_NUMBER, head: { sha, ref: 'feature', repo }, base: { sha, ref: 'main', repo } },
      repository
    }
  }
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
  }
  return newest
}

async function buildIfStale(): Promise<void> {
  const built = await stat(DIST_ENTRY).then(
    (s) => s.mtimeMs,
    () => 0
  )
  if (built >= (await newestMtime(join(projectRoot, 'src')))) return
  console.log('dist/index.js is older than src/: building it first')
  execFileSync(process.execPath, [join(projectRoot, 'scripts/build.mjs')], { stdio: 'inherit', cwd: projectRoot })
}

/** A throwaway checkout holding the examples, committed, so base revisions and the stale guard work. */
async function makeCheckout(baseUrl: string): Promise<{ dir: string; sha: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'postman-sync-demo-'))
  for (const [from, to] of SAMPLE.copies) await cp(join(projectRoot, from), join(dir, to), { recursive: true })
  // The example environment points at port 3000; point it at the sample API actually started.
  const envFile = join(dir, SAMPLE.environment)
  await writeFile(envFile, (await readFile(envFile, 'utf8')).replace('http://127.0.0.1:3000', baseUrl))
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'add', '.')
  git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'Postman files')
  return { dir, sha: git('rev-parse', 'HEAD') }
}

/** The real API's key when `--real-api` asks for it; exits with a clear message when it is missing. */
function realApiKey(): string | undefined {
  if (!flags['real-api']) return undefined
  const key = process.env.POSTMAN_API_KEY
  if (!key || !process.env.POSTMAN_WORKSPACE) {
    console.error('--real-api needs POSTMAN_API_KEY and POSTMAN_WORKSPACE (the workspace id) in the environment.')
    process.exit(2)
  }
  return key
}

/**
 * Why the outcome is not the demo's, if it is not: both collections ran to the end, exactly the one
 * assertion that fails on purpose failed, and the sync failed on nothing: both samples (JSON and
 * Native Git) have 3 files to sync or plan.
 */
async function unexpectedOutcome(result: Awaited<ReturnType<typeof runAction>>): Promise<string | undefined> {
  const report = JSON.parse(await readFile(result.outputs.report ?? '', 'utf8').catch(() => '{}')) as { collections?: Array<{ error?: string }> }
  const ran = (report.collections ?? []).filter((run) => run.error === undefined).length
  if (ran !== 2 || result.outputs['assertions-failed'] !== '1') return `the demo expects its 2 collections run and exactly 1 failed assertion.`
  if (result.outputs.failed !== '0') return 'the sync failed on a file.'
  const synced = Number(result.outputs.created) + Number(result.outputs.updated) + Number(result.outputs.unchanged)
  if (synced !== 3) return 'the demo expects its 3 files (2 collections, 1 environment) synced or planned.'
  return undefined
}

/**
 * With `--pr`: the comment the action posted to the stand-in, written to `comment.md` next to the
 * plan (the runner temp directory of this run), its path printed. False when none was posted.
 */
async function saveComment(github: GitHubStandIn, result: ActionRunResult): Promise<boolean> {
  const comment = github.comments.find((c) => c.issue === PR_NUMBER)
  if (comment === undefined) {
    console.error('\nNo pull-request comment was posted (see the notes in the job summary above).')
    return false
  }
  const file = join(result.runnerTemp, 'postman-sync', 'comment.md')
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, comment.body)
  console.log(`\n── pull-request comment ──\nPosted to the GitHub stand-in as on pull request #${PR_NUMBER}; written to:\n${file}`)
  return true
}

/** `--pr`: a token and the GitHub stand-in, so the comment is posted as on GitHub; nothing otherwise. */
function pullRequestSetup(github: GitHubStandIn | undefined): { inputs: Record<string, string>; env?: Record<string, string> } {
  if (github === undefined) return { inputs: { comment: 'off' } }
  // Not a secret: the stand-in accepts any token. The action's default `comment: auto` decides.
  return { inputs: { 'github-token': 'ghs_npm-start-demo-token', comment: 'auto' }, env: { GITHUB_API_URL: github.url } }
}

async function main(): Promise<void> {
  const realKey = realApiKey()
  await buildIfStale()
  const emulator = realKey ? undefined : await startEmulator()
  const sample = await startSampleApi()
  const github = flags.pr ? await startGitHubStandIn() : undefined
  try {
    const checkout = await makeCheckout(sample.url)
    console.log(
      realKey
        ? 'Using the REAL Postman API (--real-api): this pushes to your workspace.'
        : `Postman API emulator: ${emulator!.url} (npm start -- --real-api to use the real Postman API)`
    )
    console.log(`Sample API: ${sample.url}\nCheckout: ${checkout.dir}\n`)
    if (github) console.log(`GitHub API stand-in (the pull-request comment is posted there): ${github.url}\n`)
    const pr = pullRequestSetup(github)
    const result = await runAction({
      workspace: checkout.dir,
      ...demoEvent(checkout.sha),
      sha: checkout.sha,
      inputs: {
        'postman-api-key': realKey ?? DEFAULT_API_KEY,
        'api-url': realKey ? (process.env.POSTMAN_API_URL ?? 'https://api.postman.com') : emulator!.url,
        workspace: realKey ? (process.env.POSTMAN_WORKSPACE ?? '') : 'ws-main',
        run: 'true',
        'run-environment': SAMPLE.environment,
        'check-run': 'false',
        ...pr.inputs
      },
      ...(pr.env === undefined ? {} : { env: pr.env }),
      echo: true
    })
    console.log('\n── outputs ──')
    for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`)
    console.log('\n── job summary ──')
    console.log(result.summary)
    console.log(`\nThe action exited with ${result.code} (the orders collection has a test that fails on purpose).`)
    const unexpected = await unexpectedOutcome(result)
    if (unexpected !== undefined) {
      console.error(`Unexpected outcome: ${unexpected}`)
      process.exitCode = 1
    }
    if (github && !(await saveComment(github, result))) process.exitCode = 1
  } finally {
    await sample.close()
    await emulator?.close()
    await github?.close()
  }
}

await main()
