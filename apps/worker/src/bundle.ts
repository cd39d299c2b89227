import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { projectRoot } from '@hyoka/config';

/** The prebuilt bundle `npm run build` writes and the worker loads. */
export function workflowBundlePath(): string {
  return path.join(projectRoot(), 'dist', 'workflow-bundle.js');
}

/**
 * Bundles `workflows/` with webpack (through the SDK), resolving the `@hyoka/*` path aliases so
 * workflow code can share pure domain rules from `libs/`. Fails loudly: a disallowed import (a
 * Node built-in, the database, mail) stops the build.
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const root = projectRoot();
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  // `@hyoka/x` → the folder's index (exact match); `@hyoka/x/*` → files under it (prefix match).
  const alias = Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) =>
      name.endsWith('/*')
        ? [name.slice(0, -2), path.join(root, (target ?? '').replace(/\/\*$/, ''))]
        : [`${name}$`, path.join(root, target ?? '')],
    ),
  );
  return bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows', 'src', 'index.ts'),
    // Carries the HTTP request's id from an update to the activities it runs.
    workflowInterceptorModules: [
      path.join(root, 'workflows', 'src', 'correlation.interceptors.ts'),
    ],
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as Record<string, string | false>), ...alias },
      },
    }),
    logger: new DefaultLogger('WARN'),
  });
}

/** Builds the bundle and writes it where the worker expects it. */
export async function writeWorkflowBundle(file = workflowBundlePath()): Promise<string> {
  const { code } = await bundleWorkflows();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  return file;
}
