/**
 * A large description shaped like a real one: `ops` operations on REST resources (list and
 * create, then get, put and delete by id), each with an operationId, summary, tags, parameters,
 * a request body or responses with `$ref`s, and one schema per resource. Written densely (short
 * flow maps, no prose), so it has as many YAML tokens for its size as a real one can.
 * 5,000 operations: 2,000 paths, 2.75 MB, 778,000 tokens.
 */
export function denseDescriptionYaml(ops: number): string {
  const out = ['openapi: 3.0.3', 'info:', '  title: Big API', '  version: 1.0.0']
  out.push('servers:', '  - url: https://api.example.com/v1', 'paths:')
  const resources = Math.ceil(ops / 5)
  const ok = (S: string) => [
    `          content:`,
    `            application/json:`,
    `              schema: {$ref: '#/components/schemas/${S}'}`,
  ]
  for (let r = 0; r < resources; r++) {
    const name = `resource${r}`
    const S = `Resource${r}`
    out.push(`  /${name}s:`, `    get:`, `      operationId: list${S}s`, `      summary: List ${name}s`)
    out.push(`      tags: [${name}]`, `      parameters:`, `        - name: limit`, `          in: query`)
    out.push(`          schema: {type: integer, minimum: 1, maximum: 100}`)
    out.push(`        - $ref: '#/components/parameters/Cursor'`, `      responses:`, `        '200':`)
    out.push(`          description: A page of ${name}s`, ...ok(S))
    out.push(`        default: {$ref: '#/components/responses/Error'}`)
    out.push(`    post:`, `      operationId: create${S}`, `      summary: Create a ${name}`)
    out.push(`      tags: [${name}]`, `      requestBody:`, `        required: true`, `        content:`)
    out.push(`          application/json:`, `            schema: {$ref: '#/components/schemas/${S}'}`)
    out.push(`      responses:`, `        '201':`, `          description: Created`, ...ok(S))
    out.push(`        default: {$ref: '#/components/responses/Error'}`)
    out.push(`  /${name}s/{${name}_id}:`, `    parameters:`, `      - name: ${name}_id`, `        in: path`)
    out.push(`        required: true`, `        schema: {type: string, format: uuid}`)
    for (const m of ['get', 'put', 'delete']) {
      out.push(
        `    ${m}:`,
        `      operationId: ${m}${S}`,
        `      summary: ${m} one ${name} by its identifier`,
      )
      out.push(
        `      tags: [${name}]`,
        `      responses:`,
        `        '200':`,
        `          description: The ${name}`,
      )
      out.push(...ok(S), `        '404': {$ref: '#/components/responses/NotFound'}`)
      out.push(`        default: {$ref: '#/components/responses/Error'}`)
    }
  }
  out.push('components:', '  schemas:')
  for (let r = 0; r < resources; r++) {
    out.push(`    Resource${r}:`, `      type: object`, `      required: [id, name]`, `      properties:`)
    out.push(`        id: {type: string, format: uuid, readOnly: true}`)
    out.push(`        name: {type: string, maxLength: 200, description: "The display name of resource ${r}"}`)
    out.push(`        created_at: {type: string, format: date-time, readOnly: true}`)
    out.push(`        tags:`, `          type: array`, `          items: {type: string}`)
  }
  return out.join('\n')
}
