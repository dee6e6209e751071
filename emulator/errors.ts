/**
 * The Postman API's error bodies, in both families it really sends (docs/postman-api.md): the legacy
 * envelope `{error:{name,message,details?}}` and RFC 7807 problem+json. The emulator can answer
 * in either, so the client's one parser is exercised against both.
 */

/** Which body family an error is rendered in. */
export type ErrorFamily = 'legacy' | 'problem'

/** One error the emulator can send, described once for both families. */
export interface ErrorSpec {
  status: number
  /** Legacy `error.name`; also the problem `type` when no `problemType` is given. */
  name: string
  message: string
  details?: unknown
  /** Problem `type` (a URL, or a bare word as Postman sometimes sends). */
  problemType?: string
  title?: string
  /** Extra legacy fields, e.g. the workspace 404's `statusCode`. */
  legacyExtra?: Record<string, unknown>
  /** Seen or documented in one family only: always rendered that way (401, unknown route, 409, 411, 413). */
  only?: ErrorFamily
}

/** An answer ready to send. */
export interface Rendered {
  status: number
  headers: Record<string, string>
  body: string
}

const PROBLEMS = 'https://api.postman.com/problems'

/** Renders `spec` in `family` (or in the only family it is documented in). */
export function renderError(spec: ErrorSpec, family: ErrorFamily, instance: string): Rendered {
  const useFamily = spec.only ?? family
  if (useFamily === 'legacy') {
    const error: Record<string, unknown> = { name: spec.name, message: spec.message }
    if (spec.details !== undefined) error.details = spec.details
    return json(spec.status, { error, ...spec.legacyExtra }, 'application/json')
  }
  const body: Record<string, unknown> = {
    type: spec.problemType ?? spec.name,
    title: spec.title ?? spec.message,
    status: spec.status,
    detail: spec.details !== undefined && Array.isArray(spec.details) ? spec.details : spec.message,
    instance
  }
  return json(spec.status, body, 'application/problem+json')
}

/** A JSON answer. */
export function json(status: number, body: unknown, contentType = 'application/json'): Rendered {
  return { status, headers: { 'content-type': `${contentType}; charset=utf-8` }, body: JSON.stringify(body) }
}

/** The catalogue: every error the emulator sends, with the wording the API documents or was seen to send. */
export const errors = {
  /** A missing key and a wrong key get this same legacy JSON body from the real API. */
  apiKeyInvalid: (): ErrorSpec => ({
    status: 401,
    name: 'AuthenticationError',
    message: 'Invalid API Key. Every request requires a valid API Key to be sent.',
    only: 'legacy'
  }),
  /** Any route the API does not have: problem+json whose type ends `not-found` (with the hyphen). */
  routeNotFound: (path: string): ErrorSpec => ({
    status: 404,
    name: 'notFound',
    message: `Requested resource not found: ${path}`,
    problemType: `${PROBLEMS}/not-found`,
    title: 'Not Found',
    only: 'problem'
  }),
  collectionNotFound: (id: string, forGet: boolean): ErrorSpec => ({
    status: 404,
    name: 'instanceNotFoundError',
    message: forGet ? 'We could not find the collection you are looking for' : 'The specified item does not exist.',
    details: { item: 'collection', id },
    problemType: `${PROBLEMS}/not-found`,
    title: 'Not Found'
  }),
  environmentNotFound: (forGet: boolean): ErrorSpec => ({
    status: 404,
    name: 'instanceNotFoundError',
    message: forGet ? 'We could not find the environment you are looking for' : 'The specified environment does not exist.',
    problemType: `${PROBLEMS}/not-found`,
    title: 'Not Found'
  }),
  workspaceNotFound: (): ErrorSpec => ({
    status: 404,
    name: 'workspaceNotFoundError',
    message: 'Workspace not found',
    legacyExtra: { statusCode: 404 },
    problemType: `${PROBLEMS}/not-found`,
    title: 'Not Found'
  }),
  paramMissing: (param: string): ErrorSpec => ({
    status: 400,
    name: 'paramMissingError',
    message: 'Parameter is missing in the request.',
    details: { param: [param] },
    problemType: `${PROBLEMS}/bad-request`,
    title: `Missing property '${param}'`
  }),
  malformed: (subject: 'collection' | 'environment', details: string[]): ErrorSpec => ({
    status: 400,
    name: 'malformedRequestError',
    message: `Found ${details.length} errors with the supplied ${subject}.`,
    details,
    problemType: `${PROBLEMS}/bad-request`,
    title: 'Malformed request'
  }),
  malformedMessage: (message: string): ErrorSpec => ({
    status: 400,
    name: 'malformedRequestError',
    message,
    problemType: `${PROBLEMS}/bad-request`,
    title: 'Malformed request'
  }),
  collectionMismatch: (): ErrorSpec => ({
    status: 400,
    name: 'collectionMismatchError',
    message: 'The collection ID in the path does not match the collection ID in the request body.',
    problemType: `${PROBLEMS}/bad-request`,
    title: 'Bad Request'
  }),
  /** PUT with ids of another collection: the wording of postman-app-support #7315 and #8149. */
  instanceFoundForeign: (): ErrorSpec => ({
    status: 400,
    name: 'instanceFoundError',
    message: 'This collection already exists in the database.',
    problemType: `${PROBLEMS}/bad-request`,
    title: 'Bad Request'
  }),
  /** An environment with one key twice (postman-app-support #5947, #12605), or too many values. */
  invalidParams: (param: string): ErrorSpec => ({
    status: 400,
    name: 'invalidParamsError',
    message: 'The request had invalid parameters',
    details: { param },
    problemType: `${PROBLEMS}/bad-request`,
    title: 'Bad Request'
  }),
  badRequest: (message: string): ErrorSpec => ({
    status: 400,
    name: 'badRequest',
    message,
    problemType: 'badRequest',
    title: 'Invalid Request'
  }),
  /** A JSON Patch problem (patchEnvironment400Error); documented as problem+json only. */
  patchInvalid: (detail: string | string[]): ErrorSpec => ({
    status: 400,
    name: 'badRequest',
    message: Array.isArray(detail) ? detail.join('; ') : detail,
    details: Array.isArray(detail) ? detail : undefined,
    problemType: `${PROBLEMS}/bad-request`,
    title: 'Bad Request',
    only: 'problem'
  }),
  deepUpdateInProgress: (): ErrorSpec => ({
    status: 409,
    name: 'conflict',
    message: 'Deep update operation is already in progress for this collection.',
    problemType: `${PROBLEMS}/conflict`,
    title: 'Conflict',
    only: 'problem'
  }),
  lengthRequired: (): ErrorSpec => ({
    status: 411,
    name: 'lengthRequired',
    message: 'A valid Content-Length header is required',
    problemType: `${PROBLEMS}/length-required`,
    title: 'Length Required',
    only: 'problem'
  }),
  payloadTooLarge: (message: string): ErrorSpec => ({
    status: 413,
    name: 'payloadTooLarge',
    message,
    problemType: `${PROBLEMS}/payload-too-large`,
    title: 'Payload Too Large',
    only: 'problem'
  }),
  rateLimited: (retryAfterSeconds: number): ErrorSpec => ({
    status: 429,
    name: 'rateLimited',
    message: 'Rate Limit exceeded.',
    details: { retryAfter: retryAfterSeconds },
    problemType: `${PROBLEMS}/rate-limit-exceeded`,
    title: 'Too Many Requests'
  }),
  /** Monthly quota. No verbatim body is documented; the problem form uses the bare-word type. */
  serviceLimitExhausted: (): ErrorSpec => ({
    status: 429,
    name: 'serviceLimitExhausted',
    message: 'Postman API service limits reached. You will need to contact your Postman Team Admin.',
    problemType: 'serviceLimitExhausted',
    title: 'Too Many Requests'
  }),
  serverError: (): ErrorSpec => ({
    status: 500,
    name: 'serverError',
    message: 'An error has occurred on the server.',
    problemType: `${PROBLEMS}/internal-server-error`,
    title: 'Internal Server Error'
  }),
  serviceUnavailable: (): ErrorSpec => ({
    status: 503,
    name: 'serviceUnavailable',
    message: 'Service Unavailable. Please try again later.',
    problemType: `${PROBLEMS}/service-unavailable`,
    title: 'Service Unavailable'
  })
} as const

/** The nginx page a gateway timeout really returns (postman-app-support #8213, #13148): HTML, not JSON. */
export function gatewayTimeoutHtml(): Rendered {
  return {
    status: 504,
    headers: { 'content-type': 'text/html' },
    body:
      '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n' +
      '<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
  }
}
