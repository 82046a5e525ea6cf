// One log line per request: method, path as received, status, duration and the caller's address
// (on a cluster: the calling Pod's IP, or the node's for traffic that came through a NodePort).
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const url = req.originalUrl;
    const from = req.socket.remoteAddress ?? '-';
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // A response closed before it finished means the client went away first.
      const status = res.writableFinished ? String(res.statusCode) : `${res.statusCode} (client closed)`;
      log.info(`${req.method} ${url} ${status} ${ms.toFixed(0)}ms from ${from}`);
    });
    next();
  };
}
