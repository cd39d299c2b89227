/** The baselines' one activity: returns its input (no I/O), so it costs the server's round trip only. */
export const trivialActivities = {
  noop(n: number): Promise<number> {
    return Promise.resolve(n);
  },
};
