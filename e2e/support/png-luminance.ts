import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'

/**
 * Mean luminance (0–255, Rec. 709 weights) of a PNG, decoded by the browser itself in `page`: a
 * screenshot said to be dark is checked from its pixels, not by eye (image viewers can mislead).
 */
export async function meanLuminance(page: Page, file: string): Promise<number> {
  const png = (await readFile(file)).toString('base64')
  return page.evaluate(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
    const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = document.createElement('canvas')
    canvas.width = img.width
    canvas.height = img.height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('no 2d context')
    ctx.drawImage(img, 0, 0)
    const px = ctx.getImageData(0, 0, img.width, img.height).data
    let sum = 0
    for (let i = 0; i < px.length; i += 4)
      sum += 0.2126 * (px[i] ?? 0) + 0.7152 * (px[i + 1] ?? 0) + 0.0722 * (px[i + 2] ?? 0)
    return sum / (px.length / 4)
  }, png)
}
