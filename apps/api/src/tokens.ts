/** Injection tokens for the resources the API is handed at start-up (owned by main.ts or a test). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const MAILER = Symbol('MAILER');
export const SMTP_SINK = Symbol('SMTP_SINK');
export const CLOCK = Symbol('CLOCK');
export const CHANGE_FEED = Symbol('CHANGE_FEED');
