/**
 * The part of `postman-collection-transformer` (Postman's own Collection Format converter, which
 * ships no types) that `convert.ts` uses. Its callbacks run synchronously.
 */
declare module 'postman-collection-transformer' {
  interface ConvertOptions {
    inputVersion: string
    outputVersion: string
    /** Keep the ids the input carries instead of generating new ones. */
    retainIds?: boolean
  }
  const transformer: {
    convert(collection: object, options: ConvertOptions, callback: (error: Error | null, result: object) => void): void
    isv1(object: unknown): boolean
    isv2(object: unknown): boolean
  }
  export default transformer
}
