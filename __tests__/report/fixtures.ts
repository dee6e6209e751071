import type { Finding } from '../../src/model/finding.js'

/** `n` assertion findings on distinct lines of one collection. */
export function assertionFindings(n: number, file = 'api/users.postman_collection.json'): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    level: 'error' as const,
    kind: 'assertion' as const,
    file,
    line: 10 + i,
    title: `Users › Request ${i}: status is 200`,
    message: `Test "status is 200" failed: expected response to have status code 200 but got 500 (iteration 1).`,
    collection: 'Users API',
    request: `Users › Request ${i}`,
    assertion: 'status is 200',
    iteration: 0,
    excerpt: `GET https://api.test/users/${i}\n→ 500 Internal Server Error (3 ms)`
  }))
}
