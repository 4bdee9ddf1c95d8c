import { beforeEach, describe, expect, it, vi } from 'vitest'

const answer: { value: boolean | Error } = { value: true }
const asked: string[][] = []
vi.mock('webextension-polyfill', () => ({
  default: {
    permissions: {
      contains: async (p: { origins: string[] }) => {
        asked.push(p.origins)
        if (answer.value instanceof Error) throw answer.value
        return answer.value
      },
    },
  },
}))

const { hasHostPermission } = await import('../../src/background/host-permission')

beforeEach(() => {
  asked.length = 0
  answer.value = true
})

describe('one host-permission check for probes and API-description reads', () => {
  it('asks for the host without its port (match patterns have none) and returns the answer', async () => {
    expect(await hasHostPermission('http:', '127.0.0.1:9000')).toBe(true)
    answer.value = false
    expect(await hasHostPermission('https:', 'api.example.test')).toBe(false)
    expect(await hasHostPermission('http:', '[::1]:8080')).toBe(false)
    expect(asked).toEqual([['http://127.0.0.1/*'], ['https://api.example.test/*'], ['http://[::1]/*']])
  })

  it('reads an error as no permission', async () => {
    answer.value = new Error('bad pattern')
    expect(await hasHostPermission('http:', 'a.test:1')).toBe(false)
  })
})
