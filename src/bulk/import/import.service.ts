import { createHash, randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { isDivergent, reviewPriority } from '../../domain/review.rules.js';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import { Counter, Histogram } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../domain/actors.js';
import { AuditService } from '../../audit/audit.service.js';
import { MAX_LINE_BYTES, NDJSON } from '../ndjson.js';
import { CommonErrors, DomainError } from '../../domain/errors.js';
import type { AppConfig } from '../../config/env.js';
import { Metrics } from '../../metrics/metrics.js';
import { changeCause, type ChangeCause } from '../../corroboration/corroboration.repository.js';
import { CorroborationService } from '../../corroboration/corroboration.service.js';
import { LinksRepository } from '../../links/links.repository.js';
import { SourcesRepository } from '../../sources/sources.repository.js';
import { BulkSlots } from '../bulk-slots.js';
import { BulkErrors } from '../bulk.errors.js';
import type { ImportResultDto } from '../dto/import-result.dto.js';
import { BatchWriter } from './import-batches.js';
import { LineErrors, LineParser, MAX_LISTED_ERRORS } from './import-lines.js';
import { ImportRepository } from './import.repository.js';
import { readLines } from './line-reader.js';
import { TempFile } from '../temp-file.js';
import { discardUpload, spoolUpload, uploadTooLarge, type UploadLimits } from './upload.js';

/** Claims recomputed per call of the corroboration service (which itself works 500 at a time). */
const RECOMPUTE_CHUNK = 5000;
/**
 * Claims whose agreement pairs one statement counts after the recompute: about 0.1 s of database
 * time per thousand claims at the full benchmark size on a 2-core machine, so far inside the
 * statement timeout.
 */
const AGREEMENT_CHUNK = 10_000;

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

/** An upload as the import sees it: the headers that describe the body, and the body itself. */
export interface Upload {
  contentType?: string;
  contentEncoding?: string;
  contentLength?: string;
  contentDigest?: string;
  /** Whether the request carries an Idempotency-Key (then a digest is required). */
  idempotent: boolean;
  /** Whom the transfer counts against (see BulkSlots). */
  caller: string;
  body: IncomingMessage;
}

/** The body's media type, refused (415) unless it is uncompressed NDJSON in UTF-8. */
function requireNdjson(upload: Upload): void {
  const encoding = upload.contentEncoding;
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new DomainError(
      CommonErrors.UNSUPPORTED_MEDIA_TYPE,
      `Content-Encoding ${encoding} is not accepted; send the file uncompressed.`,
    );
  }
  const contentType = upload.contentType ?? '';
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
 * `POST /v1/import`: one NDJSON file, stored in one transaction — all of it, or (if any line is
 * wrong) none of it, with every wrong line reported by number.
 *
 * The body is first copied to a temporary file (see spoolUpload), within IMPORT_MAX_BYTES,
 * IMPORT_UPLOAD_TIMEOUT_MS and IMPORT_IDLE_TIMEOUT_MS: however slowly a client sends, it holds no
 * connection, transaction or lock meanwhile. Only then is the file read, parsed and stored, as fast
 * as the database takes it.
 *
 * Memory stays flat in the number of stances and links: lines are parsed one at a time and
 * written in batches (see BatchWriter), and the claims to recompute (and the times to give back
 * to them) are kept in temporary tables. Only digests of the keys and the ids of the file's
 * sources and claims stay in memory, so that later lines' references to them need no query.
 */
/** How many lines an import checks between turns of the event loop it leaves to other requests. */
const YIELD_EVERY_LINES = 200;

@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ImportRepository,
    private readonly sources: SourcesRepository,
    private readonly links: LinksRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
    private readonly slots: BulkSlots,
    private readonly config: ConfigService<AppConfig, true>,
    metrics: Metrics,
  ) {
    this.imports = new Histogram({
      name: 'claimgraph_import_duration_seconds',
      help: 'Imports (POST /v1/import) from the request to the commit or the refusal, by outcome: stored, refused (a 4xx or 503 problem) or failed',
      labelNames: ['outcome'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 180, 600, 1800],
      registers: [metrics.registry],
    });
    this.importRows = new Counter({
      name: 'claimgraph_import_rows_total',
      help: 'Rows stored by imports, by kind (lines counts the lines of the files)',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
    });
  }

  private readonly imports: Histogram<'outcome'>;
  private readonly importRows: Counter<'kind'>;

  async importFile(upload: Upload, actor: Actor): Promise<ImportResultDto> {
    const started = process.hrtime.bigint();
    let outcome = 'failed';
    try {
      const result = await this.receiveAndLoad(upload, actor);
      outcome = 'stored';
      this.importRows.inc({ kind: 'lines' }, result.lines);
      for (const [kind, count] of Object.entries(result.created) as [string, number][])
        this.importRows.inc({ kind }, count);
      return result;
    } catch (error) {
      if (error instanceof DomainError) outcome = 'refused';
      throw error;
    } finally {
      this.imports.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async receiveAndLoad(upload: Upload, actor: Actor): Promise<ImportResultDto> {
    let release: (() => void) | undefined;
    let file: TempFile | undefined;
    try {
      requireNdjson(upload);
      const digest = parseContentDigest(upload.contentDigest);
      if (!digest && upload.idempotent) {
        throw new DomainError(
          BulkErrors.CONTENT_DIGEST_REQUIRED,
          'The file is not held in memory, so a retry is recognised by its digest: send Content-Digest: sha-256=:<base64 of the SHA-256 of the body>: with the Idempotency-Key.',
        );
      }
      const limits = this.uploadLimits();
      if (Number(upload.contentLength ?? 0) > limits.maxBytes) {
        throw uploadTooLarge(limits.maxBytes);
      }
      release = this.slots.acquire(upload.caller);
      file = await TempFile.create('import');
      const hash = digest ? createHash(digest.algorithm) : undefined;
      await spoolUpload(upload.body, file, limits, hash);
      if (digest && hash!.digest('base64') !== digest.base64) {
        throw new DomainError(
          BulkErrors.CONTENT_DIGEST_MISMATCH,
          `The body's ${digest.algorithm} digest is not the one Content-Digest gives.`,
        );
      }
      return await this.load(file, actor);
    } catch (error) {
      // A refusal may come before the whole body was read: let the client read it, then hang up.
      discardUpload(upload.body);
      throw error;
    } finally {
      await file?.dispose();
      release?.();
    }
  }

  private uploadLimits(): UploadLimits {
    return {
      maxBytes: this.config.get('IMPORT_MAX_BYTES', { infer: true }),
      timeoutMs: this.config.get('IMPORT_UPLOAD_TIMEOUT_MS', { infer: true }),
      idleTimeoutMs: this.config.get('IMPORT_IDLE_TIMEOUT_MS', { infer: true }),
    };
  }

  /** Parses the spooled file and stores it, in one transaction. */
  private async load(file: TempFile, actor: Actor): Promise<ImportResultDto> {
    const importId = randomUUID();
    const runner = this.dataSource.createQueryRunner();
    let batches: BatchWriter | undefined;
    try {
      // On the embedded database this waits for, and then holds, its one connection: other requests
      // wait until the import has committed or rolled back.
      await runner.connect();
      await runner.startTransaction('READ COMMITTED');
      const db = runner.manager;
      await this.repo.begin(db);

      const errors = new LineErrors();
      const parser = new LineParser(errors, actor.role);
      batches = new BatchWriter(db, this.repo, this.sources, this.links, errors, actor);
      for await (const line of readLines(file.read(), MAX_LINE_BYTES)) {
        const parsed = await parser.parse(line);
        if (parsed) await batches.add(parsed);
        // Parsing and checking lines is CPU work that awaits nothing slow: let other requests
        // have the event loop now and then, or a big file stalls every client for its duration.
        if (line.number % YIELD_EVERY_LINES === 0) await setImmediate();
      }
      await batches.flush();

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
      if (batches.created.reviews > 0) await this.finishReviews(db);
      const summary = { lines: parser.lines, created: { ...batches.created }, claimsRecomputed };
      await this.audit.record(db, actor, {
        action: 'import',
        entityType: 'import',
        entityId: importId,
        after: summary,
      });
      await this.repo.emitImportCompleted(db, { importId, ...summary });
      await runner.commitTransaction();
      return { importId, ...summary, keys: parser.keyIds() };
    } catch (error) {
      await batches?.settle();
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Gives each claim that was given a verdict its review state, as recording the verdict through
   * the API would have, from its latest verdict: reviewed while its status is the one the verdict
   * was given on, else back in the editors' queue (the evidence moved since).
   */
  private async finishReviews(db: EntityManager): Promise<void> {
    const latest = await this.repo.finishReviews(db);
    await this.repo.setReviewStates(
      db,
      latest.map((v) => ({
        claimId: v.claimId,
        state: v.status === v.statusAtReview ? 'reviewed' : 'needs_review',
        verdict: v.verdict,
        reviewedAt: new Date(v.reviewedAt).toISOString(),
        reviewerKeyId: v.reviewerKeyId,
        divergent: isDivergent(v.verdict, v.status),
        priority: reviewPriority(v.verdict, v.status),
      })),
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
    await this.repo.deferAgreement(db);
    for (;;) {
      const ids = await this.repo.findTouchedClaimIds(db, after, RECOMPUTE_CHUNK);
      if (ids.length === 0) break;
      await this.corroboration.refreshClaims(db, ids, { touch: true, cause });
      count += ids.length;
      after = ids[ids.length - 1];
    }
    await this.repo.foldDeferredAgreement(db, AGREEMENT_CHUNK);
    return count;
  }
}
