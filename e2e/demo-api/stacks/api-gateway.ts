import { randomBytes, randomUUID } from 'node:crypto'
import { sendJson } from '../respond.js'
import type { Handler } from '../router.js'

/**
 * An AWS API Gateway REST API whose Lambda integration adds `Access-Control-Allow-Origin: *`
 * itself, but with no OPTIONS method configured. API Gateway answers any method it has no
 * integration for — the CORS preflight included — with 403 "Missing Authentication Token".
 */
export function apiGatewayResource(methods: Partial<Record<string, () => unknown>>): Handler {
  return (ctx, res) => {
    const integration = methods[ctx.method]
    // Every API Gateway response carries these two ids.
    const requestId = {
      'x-amzn-RequestId': randomUUID(),
      'x-amz-apigw-id': randomBytes(11).toString('base64'),
    }
    if (integration) {
      sendJson(res, 200, integration(), { ...requestId, 'Access-Control-Allow-Origin': '*' })
    } else {
      sendJson(
        res,
        403,
        { message: 'Missing Authentication Token' },
        { ...requestId, 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' },
      )
    }
  }
}

export const apiGatewayNotFound: Handler = (_ctx, res) => {
  sendJson(res, 404, { message: 'Not Found' })
}
