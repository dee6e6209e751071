/** One line of the benchmark report: a measured figure, and the target it is held to when there is one. */
export interface BenchRow {
  figure: string
  value: number
  unit: string
  target?: string
  met?: boolean
}

/** Peak resident set size of this process so far, in MiB (Linux reports `maxRSS` in KiB). */
export const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024)
