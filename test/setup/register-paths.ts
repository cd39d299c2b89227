// Jest's global set-up runs under Node's own require, which knows nothing of jest's
// moduleNameMapper: teach it the tsconfig path aliases (@hyoka/*) before anything imports them.
import * as path from 'node:path';
import { register } from 'tsconfig-paths';
import tsconfig from '../../tsconfig.json';

register({ baseUrl: path.resolve(__dirname, '..', '..'), paths: tsconfig.compilerOptions.paths });
