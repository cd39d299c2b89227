import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './config';

/** `major.minor.patch` as numbers; missing parts are 0. */
function versionParts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

function atLeast(version: string, minimum: string): boolean {
  const have = versionParts(version);
  const need = versionParts(minimum);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}

/** The lowest Node.js version the package declares (`engines.node`, written `>=X.Y.Z`). */
export function requiredNodeVersion(root: string = projectRoot()): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      engines?: { node?: string };
    };
    return /^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(pkg.engines?.node ?? '')?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The one line to print when this Node.js is older than the package declares, or null when it
 * will do. `npm start` and `npm test` run on the Node.js the project installs itself (the
 * optional `node-linux-*` packages put it first on npm's PATH); this catches `node dist/…` run by
 * hand with an older system Node.js.
 */
export function unsupportedNodeMessage(
  version: string = process.versions.node,
  required: string | undefined = requiredNodeVersion(),
): string | null {
  if (!required || atLeast(version, required)) return null;
  return `hyoka needs Node.js ${required} or later (this is ${version}): start it with npm start, which uses the Node.js 24 LTS the project installs, or install Node.js 24 LTS`;
}
