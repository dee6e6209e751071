/**
 * A Postman API emulator on 127.0.0.1 that behaves like the real API as observed (docs/postman-api.md):
 * authentication, the collection and environment routes (stored and decorated like the real API,
 * not echoed), rate windows and their headers, the monthly quota, both error families, body
 * limits, and switchable faults.
 *
 * The request pipeline, in order (each step can answer and stop):
 *   faults that drop the connection (stall, reset) → auth (401) → monthly quota (429
 *   serviceLimitExhausted) → rate windows (429 rateLimited, not counted) → unknown route (404) →
 *   Content-Length (411) and size (413) → 503 / 504 faults (not applied) → body → handler →
 *   lost-create / applied-but-500 / reset-mid-body faults → optional delay → answer.
 */
import http from 'node:http'
import type { Socket } from 'node:net'
import { errors, gatewayTimeoutHtml, json, renderError, type ErrorFamily, type ErrorSpec, type Rendered } from './errors.js'
import { FaultPlan } from './faults.js'
import { OTHER_OWNER_ID, resolveOptions, type EmulatorOptions, type Faults, type LoggedRequest, type ResolvedOptions } from './options.js'
import { FixedWindow, rateHeaders, retryHeaders, secondsUntil, type WindowState } from './rate-limit.js'
import { AsyncTasks, matchRoute, routes, type Route, type RouteResult } from './routes.js'
import { EmulatorStore } from './store.js'
import { clone, isObject } from './collection-format.js'
import { storeEnvironmentValues } from './environment-format.js'

export { DEFAULT_API_KEY } from './options.js'
export type { EmulatorOptions, Faults, LoggedRequest } from './options.js'

/** A resource as the test helpers show it. */
export interface ResourceView {
  id: string
  uid: string
  name: string
  workspace: string
  updatedAt: string
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- test helpers read arbitrary fields
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string
  /** Every request, in arrival order, with the status sent (0 when none was). */
  log: LoggedRequest[]
  /** Replaces the faults at run time; "every n-th" counts restart. */
  setFaults(faults: Faults): void
  /** Stores a collection as `POST /collections` would (ids stripped). No HTTP, not logged, not rate limited. */
  seedCollection(workspaceId: string, collection: object, opts?: { fork?: boolean }): { id: string; uid: string }
  /** Stores an environment as `POST /environments` would. */
  seedEnvironment(workspaceId: string, environment: object): { id: string; uid: string }
  /** Stored collections (copies), optionally of one workspace. */
  collections(workspaceId?: string): ResourceView[]
  /** Stored environments (copies); `body` is the `GET /environments/{id}` body. */
  environments(workspaceId?: string): ResourceView[]
  /** An edit "made in Postman": `mutate` changes a copy of the body; `updatedAt` and `lastUpdatedBy` move. */
  editCollection(idOrUid: string, mutate: (body: any) => void): void // eslint-disable-line @typescript-eslint/no-explicit-any
  editEnvironment(idOrUid: string, mutate: (body: any) => void): void // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Clears the rate windows, the fault counters and the log (not the monthly usage, nor the data). */
  resetCounters(): void
  /** Stops listening and destroys open and stalled sockets. */
  close(): Promise<void>
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/** Under `errorFamily: 'mixed'`, routes alternate by their position in the route table. */
function routeFamily(option: ResolvedOptions['errorFamily'], route: Route | undefined): ErrorFamily {
  if (option !== 'mixed') return option
  const index = route ? routes.indexOf(route) : 0
  return index % 2 === 0 ? 'legacy' : 'problem'
}

/** Starts the emulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const opts = resolveOptions(options)
  const now = (): number => opts.clock.now()
  const store = new EmulatorStore(opts.ownerId, opts.workspaces, now, {
    updatedAtOnItemEdit: opts.updatedAtOnItemEdit,
    otherOwnerId: opts.mixedOwners ? OTHER_OWNER_ID : undefined
  })
  const faults = new FaultPlan(opts.faults)
  const tasks = new AsyncTasks(opts.asyncTaskMs, () => faults.asyncTaskFails)
  const globalWindow = new FixedWindow(opts.rateLimit, now)
  const listWindow = new FixedWindow(opts.listRateLimit, now)
  const log: LoggedRequest[] = []
  const sockets = new Set<Socket>()
  let monthlyUsed = 0

  const month = (): { limit: number; remaining: number } => ({
    limit: opts.monthlyLimit,
    remaining: Math.max(0, opts.monthlyLimit - monthlyUsed)
  })

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) if (k.toLowerCase() !== 'apikey') query[k] = v
    const headerKey = req.headers['x-api-key']
    const queryKey = url.searchParams.get('apikey') ?? undefined
    // The header wins when both are sent (the older API description documents both).
    const apiKey = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? queryKey
    const entry: LoggedRequest = {
      method,
      path,
      query,
      status: 0,
      apiKeyPresent: apiKey !== undefined && apiKey !== '',
      apiKeyInQuery: queryKey !== undefined,
      bodyBytes: 0,
      at: now()
    }
    log.push(entry)

    const match = matchRoute(method, path)
    const route = match?.route
    const family = routeFamily(opts.errorFamily, route)
    const fired = faults.decide({ method, path, create: route?.create === true })

    if (fired.stall) return // never answered; close() destroys the socket
    if (fired.reset) {
      req.socket.destroy()
      return
    }

    const rateKey = apiKey ?? ''
    const bucket = (): FixedWindow => (route?.list ? listWindow : globalWindow)
    const headersFor = (w: WindowState): Record<string, string> => rateHeaders(opts.headerDialect, w, month(), now())
    const answer = (rendered: Rendered, extra: Record<string, string> = {}, mode: 'normal' | 'midBodyReset' | 'lost' = 'normal'): void => {
      const send = (): void => {
        if (mode === 'lost') {
          req.socket.destroy()
          return
        }
        const body = Buffer.from(rendered.body)
        entry.status = rendered.status
        res.writeHead(rendered.status, { ...rendered.headers, ...extra, 'content-length': String(body.length) })
        if (mode === 'midBodyReset') {
          res.write(body.subarray(0, Math.floor(body.length / 2)))
          // Let the half body leave before the socket goes.
          setImmediate(() => req.socket.destroy())
          return
        }
        res.end(body)
      }
      if (faults.delayMs > 0) setTimeout(send, faults.delayMs).unref()
      else send()
    }
    const answerError = (spec: ErrorSpec, extra: Record<string, string> = {}): void => answer(renderError(spec, family, path), extra)

    // Authentication: a missing key gets the same answer as a wrong one, as the real API gives.
    if (!entry.apiKeyPresent || !opts.apiKeys.includes(apiKey as string)) {
      return drainThen(req, () => answerError(errors.apiKeyInvalid(), headersFor(bucket().peek(rateKey))))
    }

    // Monthly quota, then the windows. Rejected calls are not counted.
    if (monthlyUsed >= opts.monthlyLimit) {
      return drainThen(req, () => answerError(errors.serviceLimitExhausted(), headersFor(bucket().peek(rateKey))))
    }
    const g = globalWindow.peek(rateKey)
    const l = route?.list ? listWindow.peek(rateKey) : undefined
    const blocked = [g, l].filter((w): w is WindowState & { allowed: boolean } => w !== undefined && !w.allowed)
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map((w) => secondsUntil(w.resetAt, now())))
      const shown = l && !l.allowed ? l : g
      return drainThen(req, () => answerError(errors.rateLimited(Math.max(1, wait)), { ...headersFor(shown), ...retryHeaders(wait) }))
    }
    const gTaken = globalWindow.take(rateKey)
    const lTaken = route?.list ? listWindow.take(rateKey) : undefined
    monthlyUsed++
    const rate = headersFor(lTaken ?? gTaken)

    if (!match || !route) return drainThen(req, () => answerError(errors.routeNotFound(path), rate))

    // Body limits: Content-Length is required on writes (411 is documented), and each resource has a size cap.
    if (BODY_METHODS.has(method)) {
      const length = req.headers['content-length']
      if (length === undefined) return drainThen(req, () => answerError(errors.lengthRequired(), rate))
      const tooLarge = oversizeAnswer(route, Number(length), opts)
      // Discard the body before answering: answering mid-upload makes many clients see a reset
      // instead of the 413.
      if (tooLarge) return drainThen(req, () => answer(tooLarge === 'html-504' ? gatewayTimeoutHtml() : renderError(tooLarge, family, path), rate))
    }

    if (fired.status503) return drainThen(req, () => answerError(errors.serviceUnavailable(), rate))
    if (fired.html504) return drainThen(req, () => answer(gatewayTimeoutHtml(), rate))

    readBody(req, (raw) => {
      entry.bodyBytes = raw.length
      let body: unknown
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'))
        } catch {
          return answerError(errors.malformedMessage('The request body is not valid JSON.'), rate)
        }
      }
      const result: RouteResult = route.handle(
        { method, path, params: match.params, query, headers: req.headers, body },
        { store, tasks, monthlyUsage: () => monthlyUsed, monthlyLimit: opts.monthlyLimit, duplicateEnvKeys: opts.duplicateEnvKeys }
      )
      if ('error' in result) return answerError(result.error, rate)
      const success = json(result.status, result.json)
      if (fired.lostCreate) return answer(success, rate, 'lost')
      if (fired.appliedButError) return answerError(errors.serverError(), rate)
      answer(success, rate, fired.resetMidBody ? 'midBodyReset' : 'normal')
    })
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res)
    } catch (err) {
      // A bug in the emulator must show as a 500 in the test, not hang it.
      console.error('emulator: handler failed', err)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { name: 'serverError', message: 'Emulator handler failed.' } }))
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : opts.port

  const mustCollection = (idOrUid: string) => {
    const c = store.collection(idOrUid)
    if (!c) throw new Error(`emulator: no collection ${idOrUid}`)
    return c
  }
  const mustEnvironment = (idOrUid: string) => {
    const e = store.environment(idOrUid)
    if (!e) throw new Error(`emulator: no environment ${idOrUid}`)
    return e
  }
  const mustWorkspace = (id: string): string => {
    if (!store.workspace(id)) throw new Error(`emulator: no workspace ${id}`)
    return id
  }

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setFaults: (f) => faults.set(f),
    seedCollection(workspaceId, collection, seedOpts) {
      const input = unwrap(collection, 'collection')
      if (!isObject(input.info) || !Array.isArray(input.item)) throw new Error('emulator: a seeded collection needs info and item')
      const c = store.createCollection(mustWorkspace(workspaceId), input, seedOpts)
      return { id: c.id, uid: c.uid }
    },
    seedEnvironment(workspaceId, environment) {
      const input = unwrap(environment, 'environment')
      const values = Array.isArray(input.values) ? input.values : []
      const e = store.createEnvironment(mustWorkspace(workspaceId), typeof input.name === 'string' ? input.name : 'Environment', values)
      return { id: e.id, uid: e.uid }
    },
    collections: (ws) =>
      store.listCollections(ws).map((c) => ({ id: c.id, uid: c.uid, name: c.name, workspace: c.workspace, updatedAt: c.updatedAt, body: clone(c.body) })),
    environments: (ws) =>
      store.listEnvironments(ws).map((e) => ({ id: e.id, uid: e.uid, name: e.name, workspace: e.workspace, updatedAt: e.updatedAt, body: clone(e.body) })),
    editCollection(idOrUid, mutate) {
      const c = mustCollection(idOrUid)
      const body = clone(c.body)
      mutate(body)
      store.editCollection(c, body)
    },
    editEnvironment(idOrUid, mutate) {
      const e = mustEnvironment(idOrUid)
      const body = clone(e.body)
      mutate(body)
      store.touchEnvironment(e, { ...body, values: storeEnvironmentValues(Array.isArray(body.values) ? body.values : []) })
    },
    resetCounters() {
      globalWindow.reset()
      listWindow.reset()
      faults.reset()
      log.splice(0, log.length)
    },
    async close() {
      tasks.close()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await closed
    }
  }
}

/**
 * The answer to a body over its route's limit, if it is: environments get the documented 413;
 * collections the 413 "Request body size limit exceeded" or, with `collectionBodyLimitAnswer:
 * 'html-504'`, the gateway's HTML 504, the two answers postman-app-support #13148 reports.
 */
function oversizeAnswer(route: Route, bytes: number, opts: ResolvedOptions): ErrorSpec | 'html-504' | undefined {
  if (route.bodyLimit === 'environment') return bytes > opts.maxEnvironmentBytes ? errors.payloadTooLarge('Request size limit exceeded') : undefined
  if (bytes <= opts.maxCollectionBytes) return undefined
  return opts.collectionBodyLimitAnswer === 'html-504' ? 'html-504' : errors.payloadTooLarge('Request body size limit exceeded')
}

/** Accepts both a bare body and the API's `{collection: …}` / `{environment: …}` wrapper. */
function unwrap(x: object, key: string): Record<string, unknown> {
  const o = x as Record<string, unknown>
  return isObject(o[key]) ? o[key] : clone(o)
}

function readBody(req: http.IncomingMessage, done: (raw: Buffer) => void): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => done(Buffer.concat(chunks)))
}

/** Answers only after the request body (if any) is consumed, so keep-alive connections stay usable. */
function drainThen(req: http.IncomingMessage, then: () => void): void {
  if (req.readableEnded) return then()
  req.resume()
  req.once('end', then)
}
