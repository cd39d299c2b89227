/** Injection token: the folder of the built browser UI, or null when it is not built. */
export const WEB_DIR = Symbol('WEB_DIR');
