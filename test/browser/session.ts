import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '@hyoka/platform';
import { expect } from './expect';
import { PAGE_OPTIONS, seriousViolations, signInWithForm, type Credentials } from './support';

/**
 * The browser of one test file (Debian's Chromium, headless) against the system at `baseUrl`:
 * every page in a context of its own (each person their own cookies), all closed with it.
 */
export interface BrowserSession {
  /** A new page in a new context (PAGE_OPTIONS). */
  newPage(): Promise<Page>;
  /** Signs the page in with the form (see signInWithForm). */
  signIn(page: Page, who: Credentials): Promise<void>;
  /** The contexts of the pages so far, in order (a second tab opens in one of them). */
  readonly contexts: readonly BrowserContext[];
  close(): Promise<void>;
}

export async function launchBrowser(baseUrl: string): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  const contexts: BrowserContext[] = [];
  return {
    async newPage() {
      const context = await browser.newContext(PAGE_OPTIONS);
      contexts.push(context);
      return context.newPage();
    },
    signIn: (page, who) => signInWithForm(page, baseUrl, who),
    contexts,
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Fails naming the screen and each serious or critical axe violation on it. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}
