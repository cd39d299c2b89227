/**
 * The Temporal header that carries an HTTP request's correlation id (`X-Request-Id`) from the API
 * into a workflow update, and from the update's handler into the activities it runs, so the API
 * and the worker log the same id (`correlation.client.ts`, `correlation.interceptors.ts`).
 */
export const REQUEST_ID_HEADER = 'hyoka-request-id';
