import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs; pretty, one line per event, when a person is watching a terminal
 * (stdout is a TTY and not production) or when HYOKA_PRETTY_LOGS=true.
 */
export function createLogger(name: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  const pretty =
    process.env['HYOKA_PRETTY_LOGS'] === 'true' ||
    (process.env['HYOKA_PRETTY_LOGS'] !== 'false' &&
      process.stdout.isTTY === true &&
      process.env['NODE_ENV'] !== 'production');
  return pino({
    name,
    level,
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              colorize: true,
              translateTime: 'HH:MM:ss.l',
              ignore: 'pid,hostname',
              singleLine: true,
            },
          },
        }
      : {}),
  });
}
