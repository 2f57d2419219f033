import type { Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DomainError } from '../../domain/errors.js';
import { BulkErrors } from '../bulk.errors.js';
import type { TempFile } from '../temp-file.js';

export interface UploadLimits {
  maxBytes: number;
  /** For the whole body. */
  timeoutMs: number;
  /** Between two pieces of it. */
  idleTimeoutMs: number;
}

/** How long a refused upload's connection keeps reading (and dropping) the rest before it is closed. */
const LINGER_MS = 2_000;

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

export function uploadTooLarge(maxBytes: number): DomainError {
  return new DomainError(
    BulkErrors.IMPORT_TOO_LARGE,
    `An import may be at most ${maxBytes} bytes; split the file. Nothing was imported.`,
  );
}

export function uploadInterrupted(): DomainError {
  return new DomainError(
    BulkErrors.IMPORT_INTERRUPTED,
    'The connection closed before the whole file arrived; nothing was imported.',
  );
}

/**
 * Copies the request body into `file` (feeding `hash` on the way) and resolves once all of it is
 * there. Nothing else waits on it: no transaction, no lock, no connection. It gives up with 413
 * past `maxBytes`, with 408 when the body takes longer than `timeoutMs` in all or stops for
 * `idleTimeoutMs`, and with 400 when the connection closes first. The body is read as fast as the
 * file takes it.
 */
export function spoolUpload(
  req: IncomingMessage,
  file: TempFile,
  limits: UploadLimits,
  hash: Hash | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let settled = false;
    let writing: Promise<void> = Promise.resolve();

    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const total = setTimeout(
      () =>
        settle(
          new DomainError(
            BulkErrors.IMPORT_UPLOAD_TIMEOUT,
            `The file did not arrive within ${seconds(limits.timeoutMs)} (${received} bytes had); send it faster, or split it. Nothing was imported.`,
          ),
        ),
      limits.timeoutMs,
    );
    const idle = setTimeout(
      () =>
        settle(
          new DomainError(
            BulkErrors.IMPORT_UPLOAD_TIMEOUT,
            `Nothing of the file arrived for ${seconds(limits.idleTimeoutMs)} (${received} bytes had); nothing was imported.`,
          ),
        ),
      limits.idleTimeoutMs,
    );

    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limits.maxBytes) return settle(uploadTooLarge(limits.maxBytes));
      idle.refresh();
      hash?.update(chunk);
      // One piece on its way to the disk at a time; the socket waits (TCP back-pressure) meanwhile.
      req.pause();
      writing = writing
        .then(() => file.append(chunk))
        .then(() => {
          if (settled) return;
          idle.refresh();
          req.resume();
        });
      writing.catch((error: Error) => settle(error));
    };
    const onEnd = (): void => {
      writing.then(
        () => settle(),
        (error: Error) => settle(error),
      );
    };
    const onError = (): void => settle(uploadInterrupted());
    const onClose = (): void => {
      if (!req.complete) settle(uploadInterrupted());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * After a refusal, drops what is still arriving of the body, so the client can read the answer
 * while it sends, and closes the connection if the body has not ended LINGER_MS later: a client
 * that trickles keeps nothing open for long.
 */
export function discardUpload(req: IncomingMessage): void {
  if (req.complete || req.destroyed) {
    req.resume();
    return;
  }
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  const stop = (): void => clearTimeout(timer);
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}
