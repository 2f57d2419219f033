import { createHash, randomUUID, type Hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../api-keys/authorship.js';
import { AuditService } from '../audit/audit.service.js';
import { MAX_BODY_BYTES } from '../common/body.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { changeCause, type ChangeCause } from '../corroboration/corroboration.repository.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { LinksRepository } from '../links/links.repository.js';
import { SourcesRepository } from '../sources/sources.repository.js';
import { BulkErrors } from './bulk.errors.js';
import { MAX_KEYS_ANSWERED, type ImportResultDto } from './dto/import-result.dto.js';
import { BatchWriter } from './import-batches.js';
import { LineErrors, LineParser, MAX_LISTED_ERRORS } from './import-lines.js';
import { ImportRepository } from './import.repository.js';
import { readLines } from './line-reader.js';

export const NDJSON = 'application/x-ndjson';

/** A line may be as long as a JSON body may be. */
export const MAX_LINE_BYTES = MAX_BODY_BYTES;

/** Claims recomputed per call of the corroboration service (which itself works 500 at a time). */
const RECOMPUTE_CHUNK = 5000;

/** RFC 9530 algorithm names and Node's. */
const DIGESTS = { 'sha-512': 'sha512', 'sha-256': 'sha256' } as const;

interface ExpectedDigest {
  algorithm: (typeof DIGESTS)[keyof typeof DIGESTS];
  base64: string;
}

/**
 * `Content-Digest: sha-256=:<base64>:` (RFC 9530), the strongest algorithm given; undefined when the
 * header is absent. Anything else in it is refused rather than ignored.
 */
export function parseContentDigest(header: string | undefined): ExpectedDigest | undefined {
  if (header === undefined) return undefined;
  const found = new Map<string, string>();
  for (const member of header.split(',')) {
    const m = /^\s*([a-z0-9-]+)\s*=\s*:([A-Za-z0-9+/]+={0,2}):\s*$/i.exec(member);
    if (m && m[1].toLowerCase() in DIGESTS) found.set(m[1].toLowerCase(), m[2]);
  }
  for (const name of Object.keys(DIGESTS) as (keyof typeof DIGESTS)[]) {
    const base64 = found.get(name);
    if (base64) return { algorithm: DIGESTS[name], base64 };
  }
  throw new DomainError(
    CommonErrors.VALIDATION_FAILED,
    'Content-Digest must be sha-256=:<base64>: or sha-512=:<base64>:.',
    [{ field: 'Content-Digest', message: 'must be sha-256=:<base64>: or sha-512=:<base64>:' }],
  );
}

/** The request's media type, refused (415) unless it is uncompressed NDJSON in UTF-8. */
function requireNdjson(req: Request): void {
  const encoding = req.get('content-encoding');
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new DomainError(
      CommonErrors.UNSUPPORTED_MEDIA_TYPE,
      `Content-Encoding ${encoding} is not accepted; send the file uncompressed.`,
    );
  }
  const contentType = req.get('content-type') ?? '';
  const [mediaType, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (
    mediaType !== NDJSON ||
    (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
  ) {
    throw new DomainError(
      CommonErrors.UNSUPPORTED_MEDIA_TYPE,
      `Content-Type ${contentType || '(none)'} is not accepted; send the file as ${NDJSON} (UTF-8, one JSON object per line).`,
    );
  }
}

/**
 * `POST /v1/import`: one NDJSON file, read as it arrives and stored in one transaction — all of it,
 * or (if any line is wrong) none of it, with every wrong line reported by number.
 *
 * Memory stays flat in the number of stances and links: lines are parsed one at a time and
 * written in batches (see BatchWriter), and the claims to recompute (and the times to give back
 * to them) are kept in temporary tables. Only the keys and ids of the file's sources and claims
 * stay in memory, so that later lines' references to them need no query.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ImportRepository,
    private readonly sources: SourcesRepository,
    private readonly links: LinksRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
  ) {}

  async importFile(req: Request, actor: Actor): Promise<ImportResultDto> {
    requireNdjson(req);
    const digest = parseContentDigest(req.get('content-digest'));
    if (!digest && req.get('idempotency-key') !== undefined) {
      throw new DomainError(
        BulkErrors.CONTENT_DIGEST_REQUIRED,
        'The file is streamed, not held, so a retry is recognised by its digest: send Content-Digest: sha-256=:<base64 of the SHA-256 of the body>: with the Idempotency-Key.',
      );
    }
    const importId = randomUUID();
    const runner = this.dataSource.createQueryRunner();
    let batches: BatchWriter | undefined;
    let reading = true;
    try {
      // On the embedded database this waits for, and then holds, its one connection: other requests
      // wait until the import has committed or rolled back.
      await runner.connect();
      await runner.startTransaction('READ COMMITTED');
      const db = runner.manager;
      await this.repo.begin(db);

      const errors = new LineErrors();
      const parser = new LineParser(errors);
      batches = new BatchWriter(db, this.repo, this.sources, this.links, errors, actor);
      const hash = digest ? createHash(digest.algorithm) : undefined;
      for await (const line of readLines(this.body(req, hash), MAX_LINE_BYTES)) {
        const parsed = await parser.parse(line);
        if (parsed) await batches.add(parsed);
      }
      reading = false;
      await batches.flush();

      if (digest && hash!.digest('base64') !== digest.base64) {
        throw new DomainError(
          BulkErrors.CONTENT_DIGEST_MISMATCH,
          `The body's ${digest.algorithm} digest is not the one Content-Digest gives.`,
        );
      }
      if (errors.count > 0) {
        const listed =
          errors.count > MAX_LISTED_ERRORS
            ? ` (the first ${MAX_LISTED_ERRORS} by line are listed)`
            : '';
        throw new DomainError(
          BulkErrors.IMPORT_INVALID,
          `${errors.count} ${errors.count === 1 ? 'error' : 'errors'} in the file${listed}; nothing was imported.`,
          undefined,
          { errors: errors.list() },
        );
      }

      const claimsRecomputed = await this.recompute(db, changeCause('import', importId, actor));
      const summary = { lines: parser.lines, created: { ...batches.created }, claimsRecomputed };
      await this.audit.record(db, actor, {
        action: 'import',
        entityType: 'import',
        entityId: importId,
        after: summary,
      });
      await this.repo.emitImportCompleted(db, { importId, ...summary });
      await runner.commitTransaction();
      return { importId, ...summary, keys: parser.keyIds(MAX_KEYS_ANSWERED) };
    } catch (error) {
      await batches?.settle();
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      // Stopped early: read (and drop) the rest of the body so the client can read the answer.
      if (reading && !req.destroyed) req.resume();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The request body's chunks, fed to the digest on the way; an upload cut short is an error. */
  private async *body(req: Request, hash: Hash | undefined): AsyncGenerator<Buffer> {
    try {
      // Left open on an early stop (a database error), so the answer can still be sent.
      for await (const chunk of req.iterator({ destroyOnReturn: false })) {
        hash?.update(chunk as Buffer);
        yield chunk as Buffer;
      }
    } catch {
      throw this.interrupted();
    }
    if (!req.complete) throw this.interrupted();
  }

  private interrupted(): DomainError {
    return new DomainError(
      BulkErrors.IMPORT_INTERRUPTED,
      'The connection closed before the whole file arrived; nothing was imported.',
    );
  }

  /**
   * Brings every claim that gained stances up to date through the corroboration service, the one
   * place statuses are written, a slice at a time in id order (the order every writer locks claims
   * in); returns how many it recomputed.
   */
  private async recompute(db: EntityManager, cause: ChangeCause): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const ids = await this.repo.findTouchedClaimIds(db, after, RECOMPUTE_CHUNK);
      if (ids.length === 0) return count;
      await this.corroboration.refreshClaims(db, ids, { touch: true, cause });
      count += ids.length;
      after = ids[ids.length - 1];
    }
  }
}
