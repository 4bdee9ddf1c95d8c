/** Public entry of the pure engine, for the CLI, the Playwright fixture and anyone embedding it. */
export { analyzeHar } from './analyze'
export { Engine, type ProbeTarget, probeKey } from './engine'
export { formatJunit } from './format/junit'
export { formatMarkdown } from './format/markdown'
export { formatText } from './format/text'
export { findingTranslator } from './messages-bundle'
export { buildReport, type Report, type ReportFinding } from './report'
export { FINDING_KINDS, type Finding, type FindingKind, type Severity } from './types'
