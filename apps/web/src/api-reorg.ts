import type { ReorganisationPlan } from '@hyoka/domain';
import { request } from './api';
import type { ReorganisationResult } from './api-types';

export type { ReorganisationResult } from './api-types';
export type { ReorganisationOperation, ReorganisationPlan } from '@hyoka/domain';

/**
 * The browser's client of `POST /admin/reorganisations` (administrators): a plan checked and
 * previewed with `dryRun` (nothing written), then applied as one transaction.
 */
export const reorgApi = {
  run: (plan: ReorganisationPlan, dryRun: boolean) =>
    request<ReorganisationResult>(`/admin/reorganisations${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      body: plan,
    }).then((a) => a.data),
};
