import { findOnPath, isExecutable } from './executables';

/** What to install when no browser is found (Debian's packages; there is no browser download). */
export const CHROMIUM_HINT =
  "install Debian's chromium and fonts-noto-cjk packages (npm run setup:chromium) or set CHROMIUM_PATH";

/**
 * The headless browser used for PDF rendering and browser tests: $CHROMIUM_PATH, then `chromium`
 * (Debian) or `chromium-browser` / `google-chrome` on PATH. Throws one line saying what to do.
 */
export function findChromium(): string {
  const explicit = process.env['CHROMIUM_PATH'];
  if (explicit) {
    if (!isExecutable(explicit))
      throw new Error(
        `CHROMIUM_PATH=${explicit} is not an executable: unset it or point it at one`,
      );
    return explicit;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = findOnPath(name);
    if (found) return found;
  }
  throw new Error(`Chromium not found: ${CHROMIUM_HINT}`);
}
