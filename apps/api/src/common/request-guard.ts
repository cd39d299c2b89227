import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { correlationIdOf } from './correlation-id';

/** The request whose work is running, for a log line about an error nobody caught. */
export interface RequestScope {
  readonly requestId: string;
  readonly method: string;
  /** The path and query as sent (bounded). */
  readonly url: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** The request this code runs for (through every await, timer and callback it started), if any. */
export function currentRequest(): RequestScope | undefined {
  return scopes.getStore();
}

/**
 * The first middleware: nothing that goes wrong while a request is served may stop the process.
 * Handlers' errors reach the global error filter; this covers what runs outside them:
 *
 * - a listener of the request's or the response's events that throws (`close`, `finish`,
 *   `data`, …, also an `error` event nobody listens to) is logged with the request's correlation
 *   id, the response is given up if it was not sent yet, and the process goes on;
 * - whatever the request's code starts (promises, timers, callbacks) runs in its scope, so an
 *   error it throws later is logged with the correlation id by {@link guardProcess}.
 */
export function guardRequests(log: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const scope: RequestScope = {
      requestId: correlationIdOf(req, res),
      method: req.method ?? '',
      url: (req.url ?? '').slice(0, 500),
    };
    const giveUp = () => {
      if (!res.writableFinished) res.destroy();
    };
    guardEmitter(req, scope, log, giveUp);
    guardEmitter(res, scope, log, giveUp);
    scopes.run(scope, next);
  };
}

function guardEmitter(
  emitter: EventEmitter,
  scope: RequestScope,
  log: Logger,
  giveUp: () => void,
): void {
  const emit = emitter.emit.bind(emitter);
  let failing = false;
  emitter.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    try {
      return emit(event, ...args);
    } catch (error) {
      log.error(
        { err: error, requestId: scope.requestId, method: scope.method, url: scope.url, event },
        'error in a listener of a request: the request is given up, the server goes on',
      );
      // Giving up emits `close` (and perhaps `error`) again: once is enough.
      if (!failing) {
        failing = true;
        giveUp();
      }
      return true;
    }
  };
}

/**
 * The last line, installed once by the API process: an error nobody caught, or a promise
 * rejected with nobody waiting for it, is logged (with the request's correlation id when it came
 * from a request's work), and the process keeps serving: one request's failure never ends every
 * other request. Outside any request (start-up, shutdown, a library's own timers) the process
 * state is unknown: `onFatal` stops it in order.
 */
export function guardProcess(log: Logger, onFatal: (error: unknown) => void): void {
  const handle = (error: unknown, kind: string) => {
    const scope = currentRequest();
    if (scope) {
      log.error(
        { err: error, requestId: scope.requestId, method: scope.method, url: scope.url },
        `${kind} while serving a request: logged, the server goes on`,
      );
      return;
    }
    log.fatal({ err: error }, `${kind} outside any request: stopping`);
    onFatal(error);
  };
  process.on('uncaughtException', (error) => handle(error, 'uncaught error'));
  process.on('unhandledRejection', (reason) => handle(reason, 'unhandled rejection'));
}
