import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'

const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'),
) as object
const ajv = new Ajv({ allErrors: true, strict: true })
export const validateReport = ajv.compile(schema)

export function schemaErrors(doc: unknown): string {
  return validateReport(doc) ? '' : ajv.errorsText(validateReport.errors)
}
