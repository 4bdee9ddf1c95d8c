/**
 * The real framework apps scripts/record-real-flows.ts drives: how each is set up and started, its
 * fixed loopback port (kept in the HAR), the paths of its flows and the flows only it has.
 */
import type { Page } from 'playwright-core'

/** The fake password typed into every sign-in form; the sanitiser replaces it anyway. */
export const PASSWORD = 'fixture-password-1'

export interface Stack {
  name: string
  port: number
  /** Commands run once in the work directory before the server starts. */
  setup?: string[][]
  start: string[]
  env?: Record<string, string>
  paths: {
    /** The page with the sign-in form (username, password, a submit button). */
    login: string
    /** Where signing in lands; its page has a `#logout` button in a POST form. */
    items: string
    /** The page with the new-item form (title). */
    newItem: string
    /** A POST endpoint behind the sign-in wall. */
    api: string
    /** A POST URL the framework redirects only to add or remove a slash. */
    slashless?: string
    /** A POST endpoint that answers after 1.5 s. */
    slow: string
    /** Cross-origin URLs (localhost instead of 127.0.0.1) whose preflight the framework redirects. */
    preflight: string[]
  }
  /** Headers a same-origin fetch() needs to pass the framework's CSRF check. */
  csrfHeader?: (page: Page) => Promise<Record<string, string>>
  /** Flows only this stack has, run before signing out. */
  extras?: Record<string, (h: FlowHelpers) => Promise<unknown>>
}

export interface Call {
  method: string
  body?: string
  json?: boolean
  credentials?: RequestCredentials
  headers?: Record<string, string>
}
export interface FlowHelpers {
  page: Page
  origin: string
  /** A fetch() from the page with the stack's CSRF header; resolves to what the page saw. */
  call: (url: string, c: Call) => Promise<string>
  /** Submits a real HTML form (a document navigation) and resolves to the URL the page ended on. */
  form: (action: string, fields: Record<string, string>) => Promise<string>
}

const PY = '/usr/bin/python3'

const cookieHeader = (cookie: string, header: string) => async (page: Page) => {
  const value = await page.evaluate(
    (n) =>
      document.cookie
        .split('; ')
        .find((c) => c.startsWith(`${n}=`))
        ?.slice(n.length + 1) ?? '',
    cookie,
  )
  return value ? { [header]: value } : {}
}

export const STACKS: Record<string, Stack> = {
  django: {
    name: 'django',
    port: 8431,
    setup: [[PY, 'app.py', 'setup']],
    start: [PY, 'app.py', 'runserver', '127.0.0.1:8431', '--noreload'],
    paths: {
      login: '/accounts/login/',
      items: '/items/',
      newItem: '/items/new/',
      api: '/api/notes/',
      slashless: '/api/things',
      slow: '/api/slow/',
      preflight: ['http://localhost:8431/api/things', 'http://localhost:8431/old-api/things/'],
    },
    csrfHeader: cookieHeader('csrftoken', 'X-CSRFToken'),
  },
  flask: {
    name: 'flask',
    port: 8432,
    start: [PY, 'app.py'],
    paths: {
      login: '/login',
      items: '/items',
      newItem: '/items/new',
      api: '/api/notes',
      slashless: '/api/things',
      slow: '/api/slow',
      preflight: ['http://localhost:8432/api/things', 'http://localhost:8432/old-api/things/'],
    },
  },
  rails: {
    name: 'rails',
    port: 8433,
    start: ['rackup', '-s', 'webrick', '-o', '127.0.0.1', '-p', '8433'],
    env: { RAILS_ENV: 'production' },
    paths: {
      login: '/login',
      items: '/items',
      newItem: '/items/new',
      api: '/api/notes',
      slow: '/api/slow',
      preflight: ['http://localhost:8433/old-api/things'],
    },
    csrfHeader: async (page) => ({
      'X-CSRF-Token': await page.getAttribute('meta[name=csrf-token]', 'content').then((v) => v ?? ''),
    }),
    extras: {
      'moved-api-301': ({ call }) =>
        call('/api/v1/things', { method: 'POST', body: '{"title":"x"}', json: true }),
    },
  },
  slim: {
    name: 'slim',
    port: 8434,
    start: ['php', '-S', '127.0.0.1:8434', 'index.php'],
    env: { PHP_CLI_SERVER_WORKERS: '4' },
    paths: {
      login: '/login',
      items: '/items',
      newItem: '/items/new',
      api: '/api/notes',
      slow: '/api/slow',
      preflight: ['http://localhost:8434/old-api/things'],
    },
  },
  express: {
    name: 'express',
    port: 8435,
    start: ['node', 'app.js'],
    paths: {
      login: '/login',
      items: '/items',
      newItem: '/items/new',
      api: '/api/notes',
      slow: '/api/slow',
      preflight: ['http://localhost:8435/old-api/things'],
    },
    extras: {
      'sign-in-307': ({ form }) => form('/login-307', { username: 'alice', password: PASSWORD }),
    },
  },
  sveltekit: {
    name: 'sveltekit',
    port: 8436,
    setup: [
      ['npm', 'install', '--no-audit', '--no-fund'],
      ['npx', 'vite', 'build', '--logLevel', 'warn'],
    ],
    start: ['node', 'build'],
    env: { PORT: '8436', HOST: '127.0.0.1', ORIGIN: 'http://127.0.0.1:8436' },
    paths: {
      login: '/login',
      items: '/items',
      newItem: '/items/new',
      api: '/api/notes',
      slashless: '/api/things/',
      slow: '/api/slow',
      preflight: ['http://localhost:8436/api/things/', 'http://localhost:8436/old-api/things'],
    },
    extras: {
      'sign-in-307': ({ form }) => form('/login-legacy', { username: 'alice', password: PASSWORD }),
      'no-actions': ({ form }) => form('/items/5', { title: 'x' }),
      // What use:enhance sends to the same page: the form as a fetch, answered in JSON.
      'no-actions-enhanced': ({ call }) =>
        call('/items/5', {
          method: 'POST',
          body: 'title=x',
          headers: {
            Accept: 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
            'x-sveltekit-action': 'true',
          },
        }),
      'sign-in-enhanced': async ({ page, origin }) => {
        await page.goto(`${origin}/login-enhanced`)
        await page.fill('input[name=username]', 'alice')
        await page.fill('input[name=password]', PASSWORD)
        await Promise.all([page.waitForURL(/\/items$/), page.click('form button[type=submit]')])
        return page.url()
      },
    },
  },
  nextjs: {
    name: 'nextjs',
    port: 8437,
    setup: [
      ['npm', 'install', '--no-audit', '--no-fund'],
      ['npx', 'next', 'build'],
    ],
    start: ['npx', 'next', 'start', '-H', '127.0.0.1', '-p', '8437'],
    env: { NEXT_TELEMETRY_DISABLED: '1' },
    paths: {
      login: '/login',
      items: '/items',
      newItem: '/items/new',
      api: '/api/notes',
      slashless: '/api/things/',
      slow: '/api/slow',
      preflight: ['http://localhost:8437/api/things/', 'http://localhost:8437/old-api/things'],
    },
    extras: {
      // A Server Action id the running build does not know, as a tab opened before a deploy sends.
      'stale-server-action': ({ call }) =>
        call('/items', {
          method: 'POST',
          body: '[]',
          headers: {
            'Next-Action': '7f0000000000000000000000000000000000000000',
            Accept: 'text/x-component',
            'Content-Type': 'text/plain;charset=UTF-8',
          },
        }),
      'post-to-page': ({ call }) => call('/items/5', { method: 'POST', body: '{"title":"x"}', json: true }),
      // form.submit() skips React's submit handler: the browser posts the form itself, as without JavaScript.
      'sign-in-no-js': async ({ page, origin }) => {
        await page.goto(`${origin}/login`)
        await page.fill('input[name=username]', 'alice')
        await page.fill('input[name=password]', PASSWORD)
        await Promise.all([
          page.waitForURL(/\/items$/),
          page.evaluate(() => document.querySelector('form')?.submit()),
        ])
        return page.url()
      },
    },
  },
}
