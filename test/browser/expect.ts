import type { Locator } from 'playwright-core';

/**
 * jest's `expect`, plus waiting assertions for playwright-core locators (playwright-core has no
 * test runner and no `expect`). A locator assertion re-checks its condition once per rendered
 * frame of the page until it holds or the deadline passes; it never sleeps a fixed time.
 */
const TIMEOUT_MS = 20_000;

interface LocatorMatchers {
  toHaveCount(n: number): Promise<void>;
  toContainText(text: string): Promise<void>;
  toHaveText(text: string): Promise<void>;
  toBeVisible(): Promise<void>;
  toBeFocused(): Promise<void>;
  toHaveValue(value: string): Promise<void>;
  toHaveAttribute(name: string, value: string): Promise<void>;
}

function isLocator(value: unknown): value is Locator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Locator).waitFor === 'function' &&
    typeof (value as Locator).page === 'function'
  );
}

async function until(
  locator: Locator,
  describe: string,
  check: () => Promise<{ ok: boolean; actual: unknown }>,
): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  let last: unknown;
  for (;;) {
    try {
      const { ok, actual } = await check();
      if (ok) return;
      last = actual;
    } catch (error) {
      last = error instanceof Error ? error.message.split('\n')[0] : error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${locator.toString()}: expected ${describe} within ${TIMEOUT_MS} ms; last seen: ${JSON.stringify(last)}`,
      );
    // Next animation frame of the page: the UI had a chance to update.
    await locator.page().evaluate(NEXT_FRAME);
  }
}

const quick = { timeout: 1000 };
/** Page-side code is passed as source text: this program has no DOM types. */
const NEXT_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => resolve(null)))';

function locatorMatchers(locator: Locator): LocatorMatchers {
  return {
    toHaveCount: (n) =>
      until(locator, `count ${n}`, async () => {
        const actual = await locator.count();
        return { ok: actual === n, actual };
      }),
    toContainText: (text) =>
      until(locator, `text containing ${JSON.stringify(text)}`, async () => {
        const actual = (await locator.allTextContents()).join(' ');
        return { ok: actual.includes(text), actual };
      }),
    toHaveText: (text) =>
      until(locator, `text ${JSON.stringify(text)}`, async () => {
        const actual = (await locator.textContent(quick))?.trim();
        return { ok: actual === text, actual };
      }),
    toBeVisible: () =>
      until(locator, 'visible', async () => {
        const actual = await locator.isVisible();
        return { ok: actual, actual };
      }),
    toBeFocused: () =>
      until(locator, 'focused', async () => {
        const actual = await locator.evaluate(
          (el) =>
            el ===
            (globalThis as unknown as { document: { activeElement: unknown } }).document
              .activeElement,
          undefined,
          quick,
        );
        return { ok: actual, actual };
      }),
    toHaveValue: (value) =>
      until(locator, `value ${JSON.stringify(value)}`, async () => {
        const actual = await locator.inputValue(quick);
        return { ok: actual === value, actual };
      }),
    toHaveAttribute: (name, value) =>
      until(locator, `${name}=${JSON.stringify(value)}`, async () => {
        const actual = await locator.getAttribute(name, quick);
        return { ok: actual === value, actual };
      }),
  };
}

export function expect(value: Locator): LocatorMatchers;
export function expect<T>(value: T): jest.JestMatchers<T>;
export function expect(value: unknown): unknown {
  return isLocator(value)
    ? locatorMatchers(value)
    : (globalThis as unknown as { expect: jest.Expect }).expect(value);
}
