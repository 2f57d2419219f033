import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { DomainError } from '../../domain/errors.js';
import type { AppConfig } from '../../config/env.js';
import { BulkSlots } from '../bulk-slots.js';
import { BulkErrors } from '../bulk.errors.js';
import {
  EXPORT_TYPES,
  ExportRepository,
  type ExportRow,
  type ExportType,
} from './export.repository.js';
import { NDJSON } from '../ndjson.js';
import { TempFile } from '../temp-file.js';

/** Rows fetched, and written to the file, at a time. */
const SLICE = 500;

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string | Date).toISOString();

/**
 * One record as an import line: the create body's fields, the id and the stored timestamps, always
 * in this order so that equal databases give equal files. Derived values (status, score, groups,
 * versions) are left out: an import works them out again.
 */
export function toLine(type: ExportType, r: ExportRow): string {
  switch (type) {
    case 'source':
      return JSON.stringify({
        type,
        id: r.id,
        name: r.name,
        kind: r.kind,
        description: r.description,
        aliases: r.aliases,
        url: r.url,
        affiliatedWithId: r.affiliatedWithId,
        reliability: r.reliability,
        anonymous: r.anonymous,
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
        ...(r.mergedIntoId ? { mergedIntoId: r.mergedIntoId, mergedAt: iso(r.mergedAt) } : {}),
      });
    case 'claim':
      return JSON.stringify({
        type,
        id: r.id,
        statement: r.statement,
        context: r.context,
        tags: r.tags,
        occurredAt: iso(r.occurredAt),
        language: r.language,
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
        ...(r.mergedIntoId ? { mergedIntoId: r.mergedIntoId, mergedAt: iso(r.mergedAt) } : {}),
      });
    case 'stance':
      return JSON.stringify({
        type,
        id: r.id,
        claimId: r.claimId,
        sourceId: r.sourceId,
        kind: r.kind,
        statedAt: iso(r.statedAt),
        quote: r.quote,
        evidenceUrl: r.evidenceUrl,
        viaSourceId: r.viaSourceId,
        note: r.note,
        recordedAt: iso(r.recordedAt),
        updatedAt: iso(r.updatedAt),
      });
    case 'link':
      return JSON.stringify({
        type,
        id: r.id,
        fromClaimId: r.fromClaimId,
        toClaimId: r.toClaimId,
        kind: r.kind,
        note: r.note,
        createdAt: iso(r.createdAt),
      });
    case 'review':
      return JSON.stringify({
        type,
        id: r.id,
        claimId: r.claimId,
        verdict: r.verdict,
        rationale: r.rationale,
        statusAtReview: r.statusAtReview,
        scoreAtReview: Number(r.scoreAtReview),
        createdAt: iso(r.createdAt),
      });
  }
}

/** The client went away, or was cut off: the answer cannot be finished. */
class ClientGone extends Error {}

/**
 * Writes with back-pressure: waits for the socket to drain, at most `idleMs`, and fails if the
 * client goes away.
 */
function write(
  res: ServerResponse,
  chunk: Buffer,
  idleMs: number,
  closed: () => boolean,
): Promise<void> {
  if (res.destroyed || closed()) {
    return Promise.reject(new ClientGone('the client closed the connection'));
  }
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onClose = (): void => done(new ClientGone('the client closed the connection'));
    const timer = setTimeout(
      () => done(new ClientGone(`the client read nothing for ${idleMs} ms`)),
      idleMs,
    );
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** Resolves once the response has been handed to the system in full, at most `idleMs` from now. */
function flushed(res: ServerResponse, idleMs: number): Promise<void> {
  if (res.writableFinished) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      res.off('finish', onFinish);
      res.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onFinish = (): void => done();
    const onClose = (): void =>
      res.writableFinished ? done() : done(new ClientGone('the client closed the connection'));
    const timer = setTimeout(
      () => done(new ClientGone(`the client read nothing for ${idleMs} ms`)),
      idleMs,
    );
    res.on('finish', onFinish);
    res.on('close', onClose);
  });
}

/**
 * `GET /v1/export`: the whole database as an import file. It reads one consistent snapshot (a
 * read-only repeatable-read transaction) through cursors into a temporary file of at most
 * EXPORT_MAX_BYTES, gives the connection back, and only then sends the file: a client that reads
 * slowly, or not at all, holds no connection, transaction or snapshot. Sending is cut off when the
 * client reads nothing for EXPORT_IDLE_TIMEOUT_MS or takes longer than EXPORT_SEND_TIMEOUT_MS.
 * Memory stays flat: a slice of rows, then a chunk of the file, at a time.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ExportRepository,
    private readonly slots: BulkSlots,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * Writes the export to `res` (node's response, whatever framework answered the request), counted
   * against `caller`'s transfers; `requestId` names it in the log.
   */
  async exportAll(res: ServerResponse, caller: string, requestId: string | null): Promise<void> {
    const release = this.slots.acquire(caller);
    let file: TempFile | undefined;
    let closed = false;
    res.once('close', () => (closed = true));
    try {
      file = await TempFile.create('export');
      await this.snapshot(file, () => closed);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      res.statusCode = 200;
      res.setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
      res.setHeader('Content-Disposition', `attachment; filename="claimgraph-${stamp}.ndjson"`);
      res.setHeader('Content-Length', String(file.size));
      res.setHeader('Cache-Control', 'no-store');
      await this.send(res, file, () => closed);
    } catch (error) {
      if (error instanceof ClientGone || closed) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.log({ requestId, message: `Export stopped: ${reason}` });
      } else if (!res.headersSent) {
        throw error;
      } else {
        this.logger.error({ requestId, message: `Export stopped: ${String(error)}` });
      }
      // Half a file must not look like a whole one: cut the connection rather than end the body.
      res.destroy();
    } finally {
      await file?.dispose();
      release();
    }
  }

  /** Writes the snapshot to the file, in the order an import needs. */
  private async snapshot(file: TempFile, clientGone: () => boolean): Promise<void> {
    const maxBytes = this.config.get('EXPORT_MAX_BYTES', { infer: true });
    const runner = this.dataSource.createQueryRunner();
    let open = false;
    try {
      // On the embedded database this holds its one connection until the file is written.
      await runner.connect();
      const db = runner.manager;
      await this.repo.begin(db);
      open = true;
      for (const type of EXPORT_TYPES) {
        await this.repo.open(db, type);
        for (;;) {
          if (clientGone()) throw new ClientGone('the client closed the connection');
          const rows = await this.repo.fetch(db, type, SLICE);
          if (rows.length === 0) break;
          const bytes = Buffer.from(rows.map((r) => `${toLine(type, r)}\n`).join(''));
          if (file.size + bytes.length > maxBytes) {
            throw new DomainError(
              BulkErrors.EXPORT_TOO_LARGE,
              `The export is larger than the ${maxBytes} bytes this server may stage (EXPORT_MAX_BYTES).`,
            );
          }
          await file.append(bytes);
        }
        await this.repo.close(db, type);
      }
      open = false;
      await this.repo.commit(db);
    } finally {
      if (open) await this.repo.rollback(runner.manager).catch(() => undefined);
      await runner.release();
    }
  }

  /** Sends the file as the client reads it, within the idle and total time limits. */
  private async send(res: ServerResponse, file: TempFile, closed: () => boolean): Promise<void> {
    const idleMs = this.config.get('EXPORT_IDLE_TIMEOUT_MS', { infer: true });
    const totalMs = this.config.get('EXPORT_SEND_TIMEOUT_MS', { infer: true });
    let late = false;
    const deadline = setTimeout(() => {
      late = true;
      res.destroy();
    }, totalMs);
    try {
      for await (const chunk of file.read()) await write(res, chunk as Buffer, idleMs, closed);
      res.end();
      await flushed(res, idleMs);
    } catch (error) {
      if (late) throw new ClientGone(`the file was not sent within ${totalMs} ms`);
      throw error;
    } finally {
      clearTimeout(deadline);
    }
  }
}
