/** How many findings of each severity: the totals a report's heading names. */
export function countBySeverity(findings: readonly { severity: string }[]): {
  errors: number
  warnings: number
  infos: number
} {
  let errors = 0
  let warnings = 0
  let infos = 0
  for (const f of findings) {
    if (f.severity === 'error') errors++
    else if (f.severity === 'warning') warnings++
    else infos++
  }
  return { errors, warnings, infos }
}
