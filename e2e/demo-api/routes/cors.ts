import type { Handler, Route } from '../router.js'
import { apiGatewayNotFound, apiGatewayResource } from '../stacks/api-gateway.js'

const SETTINGS = { theme: 'light', language: 'en' }

/** The second origin: an API Gateway API that the demo page calls cross-origin. */
export const corsRoutes: Route[] = [
  { path: '/api/settings', handle: apiGatewayResource({ GET: () => SETTINGS, PUT: () => SETTINGS }) },
  { path: '/api/public', handle: apiGatewayResource({ GET: () => ({ status: 'ok', version: '1.4.2' }) }) },
]

export const corsFallback: Handler = apiGatewayNotFound
