import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { requestIdOf } from '../common/request-id.js';
import {
  EXPORT_TYPES,
  ExportRepository,
  type ExportRow,
  type ExportType,
} from './export.repository.js';
import { NDJSON } from './import.service.js';

/** Rows fetched, and written to the client, at a time. */
const SLICE = 2000;

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
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
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
  }
}

/** Writes with backpressure: waits for the socket to drain, and fails if the client goes away. */
function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client closed the connection'));
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onClose = (): void => done(new Error('the client closed the connection'));
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * `GET /v1/export`: the whole database as an import file, streamed. It reads one consistent
 * snapshot (a read-only repeatable-read transaction) through cursors, so memory stays flat and
 * the file never mixes before and after a concurrent write.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ExportRepository,
  ) {}

  async exportAll(res: Response): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    let open = false;
    try {
      // On the embedded database this holds its one connection until the file has been sent.
      await runner.connect();
      const db = runner.manager;
      await this.repo.begin(db);
      open = true;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      res.status(200);
      res.setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
      res.setHeader('Content-Disposition', `attachment; filename="claimgraph-${stamp}.ndjson"`);
      res.setHeader('Cache-Control', 'no-store');
      for (const type of EXPORT_TYPES) {
        await this.repo.open(db, type);
        for (;;) {
          const rows = await this.repo.fetch(db, type, SLICE);
          if (rows.length === 0) break;
          await write(res, rows.map((r) => `${toLine(type, r)}\n`).join(''));
        }
        await this.repo.close(db, type);
      }
      open = false;
      await this.repo.commit(db);
      res.end();
    } catch (error) {
      if (open) await this.repo.rollback(runner.manager).catch(() => undefined);
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        throw error;
      }
      // Half a file must not look like a whole one: cut the connection rather than end the body.
      const requestId = requestIdOf(res.req);
      if (res.destroyed) {
        this.logger.log({ requestId, message: 'Export stopped: the client closed the connection' });
      } else {
        this.logger.error({ requestId, message: `Export stopped: ${String(error)}` });
      }
      res.destroy();
    } finally {
      await runner.release();
    }
  }
}
