/**
 * The recorded framework answers (test/fixtures/frameworks), each stack on its own loopback
 * origin, as if the page talked to several services: the scenarios request from them
 * (scenarios.ts) and the fake servers answer probes with them (servers.ts).
 */
import django from '../../test/fixtures/frameworks/django.json' with { type: 'json' }
import express from '../../test/fixtures/frameworks/express.json' with { type: 'json' }
import fastapi from '../../test/fixtures/frameworks/fastapi.json' with { type: 'json' }
import flask from '../../test/fixtures/frameworks/flask.json' with { type: 'json' }
import type { FixtureCase } from '../fixture-entry'

export type { FixtureCase }

interface Stack {
  stack: string
  cases: FixtureCase[]
}

/** Each captured stack on its own origin, as if the page talked to several services. */
export const STACKS: { fx: Stack; origin: string; cases: string[] }[] = [
  {
    fx: fastapi as Stack,
    origin: 'http://127.0.0.1:8101',
    cases: ['GET /items/1', 'PUT /items/1', 'PATCH /items/1'],
  },
  { fx: express as Stack, origin: 'http://127.0.0.1:8105', cases: ['GET /items', 'POST /items'] },
  { fx: flask as Stack, origin: 'http://127.0.0.1:8102', cases: ['GET /items', 'DELETE /items'] },
  { fx: django as Stack, origin: 'http://127.0.0.1:8103', cases: ['GET /items', 'PUT /items'] },
]

export function fixtureCase(fx: Stack, name: string): FixtureCase | undefined {
  return fx.cases.find((c) => c.name === name && c.note === undefined)
}
