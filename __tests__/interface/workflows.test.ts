/**
 * The copy-paste workflows are part of the interface: a misspelled input there is silently ignored
 * by the runner (with only a warning), so check every `with:` against action.yml, and check the
 * permissions and concurrency each needs.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT, loadActionYml } from './helpers.js'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  concurrency?: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<string, { steps: Step[] }>
}

function load(dir: string): Array<[string, Workflow]> {
  return readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => [name, parse(readFileSync(join(ROOT, dir, name), 'utf8')) as Workflow])
}

const inputs = new Set(Object.keys(loadActionYml().inputs))
const examples = load('examples/workflows')
const ours = load('.github/workflows')

function actionSteps(workflow: Workflow, uses: (ref: string) => boolean): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => step.uses !== undefined && uses(step.uses)))
}

describe('examples/workflows', () => {
  it('has the six documented workflows', () => {
    expect(examples.map(([name]) => name)).toEqual([
      'nightly-drift.yml',
      'overwrite-postman.yml',
      'pr-check.yml',
      'pull-from-postman.yml',
      'push-main.yml',
      'release.yml'
    ])
  })

  it.each(examples)('%s uses the action with inputs action.yml declares', (_name, workflow) => {
    const steps = actionSteps(workflow, (ref) => ref === 'your-org/postman-sync@v1')
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      for (const key of Object.keys(step.with ?? {})) expect(inputs, `unknown input '${key}'`).toContain(key)
      // The key comes from a secret, never a literal.
      expect(step.with?.['postman-api-key']).toBe('${{ secrets.POSTMAN_API_KEY }}')
    }
  })

  it.each(examples)('%s has least permissions and one concurrency group per workspace', (name, workflow) => {
    // Only the pull writes to the repository: the branch of its pull request.
    expect(workflow.permissions?.contents).toBe(name === 'pull-from-postman.yml' ? 'write' : 'read')
    for (const [scope, level] of Object.entries(workflow.permissions ?? {})) {
      expect(['contents', 'checks', 'pull-requests'], `unexpected permission ${scope}`).toContain(scope)
      if (scope !== 'contents') expect(level).toBe('write')
    }
    expect(workflow.concurrency?.group).toContain('${{ vars.POSTMAN_WORKSPACE_ID }}')
  })

  it.each([
    ['pr-check.yml', 'pull_request', 'plan', ['checks', 'pull-requests']],
    ['push-main.yml', 'push', 'push', ['checks']],
    ['release.yml', 'push', 'push', ['checks']],
    ['nightly-drift.yml', 'schedule', 'plan', []],
    ['pull-from-postman.yml', 'schedule', 'pull', ['contents', 'pull-requests']],
    ['overwrite-postman.yml', 'workflow_dispatch', "${{ inputs.mode == 'overwrite' && 'push' || 'plan' }}", ['checks']]
  ])('%s triggers on %s with sync: %s and writes only %j', (name, trigger, sync, writes) => {
    const workflow = examples.find(([file]) => file === name)![1]
    expect(Object.keys(workflow.on)).toContain(trigger)
    expect(actionSteps(workflow, (ref) => ref.startsWith('your-org/'))[0]!.with?.sync).toBe(sync)
    const granted = Object.entries(workflow.permissions ?? {})
      .filter(([, level]) => level === 'write')
      .map(([scope]) => scope)
    expect(granted.sort()).toEqual([...writes].sort())
    // A sync cut short can leave a workspace half written: writers and readers of it queue instead.
    if (name !== 'pr-check.yml') expect(workflow.concurrency?.['cancel-in-progress']).toBe(false)
  })

  it('the pull runs on a schedule and on demand, then opens a pull request with what it pulled', () => {
    const workflow = examples.find(([file]) => file === 'pull-from-postman.yml')![1]
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const action = steps.findIndex((step) => step.uses === 'your-org/postman-sync@v1')
    const pullRequest = steps.findIndex((step) => step.uses?.startsWith('peter-evans/create-pull-request@') === true)
    expect(action).toBeGreaterThan(-1)
    // After the pull, pinned to a major version.
    expect(pullRequest).toBeGreaterThan(action)
    expect(steps[pullRequest]!.uses).toMatch(/@v\d+$/)
    expect(steps[action]!.with?.sync).toBe('pull')
  })

  it('the overwrite is a deliberate, manual choice, defaulting to a plan, on the default branch only', () => {
    const workflow = examples.find(([file]) => file === 'overwrite-postman.yml')![1] as Workflow & {
      on: { workflow_dispatch: { inputs: Record<string, { type: string; options: string[]; default: string }> } }
      jobs: Record<string, { if?: string; steps: Step[] }>
    }
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch'])
    expect(workflow.on.workflow_dispatch.inputs.mode).toMatchObject({ type: 'choice', options: ['plan', 'overwrite'], default: 'plan' })
    const [job] = Object.values(workflow.jobs)
    expect(job!.if).toBe('github.ref_name == github.event.repository.default_branch')
    expect(actionSteps(workflow, (ref) => ref.startsWith('your-org/'))[0]!.with?.['on-conflict']).toBe('overwrite')
  })

  it('pushes on the default branch and on tags', () => {
    const on = (name: string) => examples.find(([file]) => file === name)![1].on as Record<string, { branches?: string[]; tags?: string[] }>
    expect(on('push-main.yml').push!.branches).toEqual(['main'])
    expect(on('release.yml').push!.tags?.length).toBeGreaterThan(0)
  })
})

describe('.github/workflows', () => {
  it('has ci, check-dist, e2e and release', () => {
    expect(ours.map(([name]) => name)).toEqual(['check-dist.yml', 'ci.yml', 'e2e.yml', 'release.yml'])
  })

  it('release runs on a version tag, tests and checks dist/ before it publishes, and moves the major tag through the tested script', () => {
    const text = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')
    const release = ours.find(([name]) => name === 'release.yml')![1] as unknown as {
      on: { push: { tags: string[] } }
      permissions: Record<string, string>
      jobs: Record<string, { needs?: string; permissions?: Record<string, string>; steps: Array<{ run?: string }> }>
    }
    expect(release.on.push.tags).toEqual(['v*.*.*'])
    expect(release.permissions).toEqual({ contents: 'read' })
    const verify = release.jobs.verify!.steps.map((s) => s.run ?? '')
    expect(verify).toContain('npm test')
    expect(verify).toContain('npm run build')
    expect(release.jobs.release!.needs).toBe('verify')
    expect(release.jobs.release!.permissions).toEqual({ contents: 'write' })
    expect(text).toContain('scripts/release/release.ts "$GITHUB_REF_NAME" --notes "$RUNNER_TEMP/notes.md" --push')
    expect(text).toContain('gh release create "$GITHUB_REF_NAME" --verify-tag')
  })

  it('e2e runs this checkout (uses: ./) against the loopback emulator with declared inputs', () => {
    const e2e = ours.find(([name]) => name === 'e2e.yml')![1]
    const steps = actionSteps(e2e, (ref) => ref === './')
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      expect(step.with?.['api-url']).toBe('http://127.0.0.1:4010')
      for (const key of Object.keys(step.with ?? {})) expect(inputs, `unknown input '${key}'`).toContain(key)
    }
  })

  it('ci runs the README test command, which lints, typechecks and checks the format, on Node 20 and 24', () => {
    const ci = readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')
    expect(ci).toMatch(/run: npm test\n/)
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    expect(scripts.test).toBe('npm run lint && npm run typecheck && npm run format:check && vitest run')
    const jobs = (parse(ci) as { jobs: Record<string, { strategy?: { matrix?: Record<string, unknown[]> }; steps: Array<{ run?: string }> }> }).jobs
    expect(jobs.test!.strategy?.matrix?.node).toEqual([20, 24])
    expect(jobs.smoke!.strategy?.matrix?.os).toEqual(['windows-latest', 'macos-latest'])
    expect(jobs.smoke!.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm run build', 'npm start', 'npm start -- --plan'])
  })
})
