import { request } from './api';
import type { CycleRoster, ReassignResult, SectionSheets } from './api-types';

/**
 * The browser's client of a cycle's roster (`GET /admin/cycles/:id/roster`), the progress
 * drill-down to a section's sheets, and reassigning an open step (`POST /tasks/:id/reassign`).
 */
export const cycleAdminApi = {
  roster: (cycleId: string) =>
    request<CycleRoster>(`/admin/cycles/${cycleId}/roster`).then((a) => a.data),
  sectionSheets: (cycleId: string, sectionId: string) =>
    request<SectionSheets>(`/admin/cycles/${cycleId}/progress/sections/${sectionId}`).then(
      (a) => a.data,
    ),
  reassign: (taskId: string, assigneeId: string) =>
    request<ReassignResult>(`/tasks/${taskId}/reassign`, {
      method: 'POST',
      body: { assigneeId },
    }).then((a) => a.data),
};

export type { CycleRoster, ReassignResult, SectionSheets };
