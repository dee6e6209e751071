/**
 * Runs the built action (`dist/index.js`) the way the GitHub runner does: inputs as `INPUT_*`
 * variables, the event as a JSON file in `GITHUB_EVENT_PATH`, outputs and the job summary as files.
 * Shared by `npm start` and the end-to-end tests, so both exercise exactly what ships.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const DIST_ENTRY = resolve(import.meta.dirname, '../../dist/index.js')

export interface ActionRunRequest {
  /** Inputs by their action.yml names; unspecified inputs get action.yml's defaults. */
  inputs: Record<string, string>
  /** `GITHUB_WORKSPACE`: the repository checkout. */
  workspace: string
  eventName?: string
  event?: Record<string, unknown>
  sha?: string
  ref?: string
  repository?: string
  /** Extra environment (e.g. `GITHUB_API_URL`, `HTTPS_PROXY`). */
  env?: Record<string, string>
  /** Stream the action's stdout to this process's stdout as it runs (npm start). */
  echo?: boolean
}

export interface ActionRunResult {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Workflow commands the action printed, parsed (`::error file=…,line=…::message`). */
  commands: Array<{ command: string; properties: Record<string, string>; message: string }>
  /** The runner's temporary directory for this run (plan, report and conflict files land here). */
  runnerTemp: string
}

/** action.yml defaults, read once, so a run without an input behaves as on GitHub. */
async function actionDefaults(): Promise<Record<string, string>> {
  const { parse } = await import('yaml')
  const text = await readFile(resolve(import.meta.dirname, '../../action.yml'), 'utf8')
  const doc = parse(text) as { inputs?: Record<string, { default?: string | number | boolean }> } // action.yml defaults are scalars
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    if (spec.default === undefined) continue
    // `${{ github.token }}` is an expression the runner evaluates; locally there is no token.
    const value = String(spec.default)
    defaults[name] = value.includes('${{') ? '' : value
  }
  return defaults
}

export async function runAction(request: ActionRunRequest): Promise<ActionRunResult> {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'postman-sync-runner-'))
  const outputFile = join(runnerTemp, 'github_output')
  const summaryFile = join(runnerTemp, 'step_summary')
  const eventFile = join(runnerTemp, 'event.json')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  await writeFile(eventFile, JSON.stringify(request.event ?? {}))

  const inputs = { ...(await actionDefaults()), ...request.inputs }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: request.workspace,
    GITHUB_EVENT_NAME: request.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: request.sha ?? '0000000000000000000000000000000000000000',
    GITHUB_REF: request.ref ?? 'refs/heads/main',
    GITHUB_REPOSITORY: request.repository ?? 'octo-org/octo-repo',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'postman',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    ...request.env
  }
  for (const [name, value] of Object.entries(inputs)) {
    // @actions/core reads INPUT_<NAME> with spaces as underscores, upper-cased; dashes stay.
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }

  const child = spawn(process.execPath, [DIST_ENTRY], { cwd: request.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    if (request.echo) process.stdout.write(chunk)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    if (request.echo) process.stderr.write(chunk)
  })
  const code = await new Promise<number>((done) => child.on('close', (status) => done(status ?? 1)))

  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    commands: parseWorkflowCommands(stdout),
    runnerTemp
  }
}

/** Parses the `name<<delimiter … delimiter` blocks that `core.setOutput` appends. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!match) continue
    const [, name = '', delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
    outputs[name] = value.join('\n')
  }
  return outputs
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/**
 * Parses `::command key=value,…::message` lines, honouring `::stop-commands::token` … `::token::`
 * exactly as the runner does, so a test sees only the commands the runner would obey.
 */
export function parseWorkflowCommands(stdout: string): ActionRunResult['commands'] {
  const commands: ActionRunResult['commands'] = []
  let stopToken: string | undefined
  for (const line of stdout.split(/\r?\n/)) {
    // The command is everything up to a space or `::`, as on the runner: a stop token is a random
    // UUID (digits and all), and its closing `::<token>::` must be recognised to end the block.
    // `[\s\S]`, not `.`: the runner splits lines on \r and \n only, so a U+2028 inside a line is
    // part of the command's message, where `.` would stop and miss the command.
    const match = /^::([^\s:]+)(?: ([^:]*))?::([\s\S]*)$/.exec(line)
    if (!match) continue
    const [, command = '', props = '', message = ''] = match
    if (stopToken !== undefined) {
      if (command === stopToken) stopToken = undefined
      continue
    }
    if (command === 'stop-commands') {
      stopToken = message
      continue
    }
    const properties: Record<string, string> = {}
    for (const pair of props.split(',')) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
    }
    commands.push({ command, properties, message: unescapeData(message) })
  }
  return commands
}
