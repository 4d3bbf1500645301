// Full-page screenshots of a page at a desktop and a phone viewport, saved (git-ignored) into
// test-results/screenshots/ so people can look at the pages the browser tests walk through.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = join('test-results', 'screenshots');
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/**
 * Saves `<name>-desktop.png` and `<name>-phone.png` (or one per label of `viewports`), then returns to
 * the desktop viewport.
 */
export async function screenshot(page: Page, name: string, viewports: Record<string, { width: number; height: number }> = VIEWPORTS): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [label, viewport] of Object.entries(viewports)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}
