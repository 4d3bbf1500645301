// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
// machine needs (DESIGN.md §2).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.IGLOO_CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ChromiumSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** @param extraArgs flags after the standard ones (e.g. what `igloo env` prints for Chromium). */
export async function launchChromium(viewport = { width: 1280, height: 800 }, extraArgs: string[] = []): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), 'igloo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
