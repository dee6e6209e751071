/** The GitHub stand-in lives with `run-action.ts` in scripts/lib (npm start uses it too); the tests import it from here. */
export * from '../../scripts/lib/github-stand-in.js'
