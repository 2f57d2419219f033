import type { EntityManager } from 'typeorm';
import { DIRECTED_LINK_KINDS } from '../../links/claim-link.entity.js';
import { LinksRepository } from '../../links/links.repository.js';
import { SourcesRepository } from '../../sources/sources.repository.js';
import type {
  ClaimRow,
  LineErrors,
  LinkRow,
  ParsedLine,
  ReviewRow,
  SourceRow,
  StanceRow,
} from './import-lines.js';
import {
  ImportRepository,
  type GroupedSourceRow,
  type StoredSource,
  type Writer,
} from './import.repository.js';
import { IdTable } from './key-table.js';

/**
 * Rows held before they are written. Large enough that a round trip carries thousands of rows,
 * small enough that a batch's statement stays far below the statement timeout.
 */
export const BATCH_ROWS = 5000;

export interface CreatedCounts {
  sources: number;
  claims: number;
  stances: number;
  links: number;
  reviews: number;
}

const unique = (ids: Iterable<string>): string[] => [...new Set(ids)];

/** Tags of the claims table: a claim created live, or merged into another. */
const LIVE = 1;
const MERGED = 2;
/** Tags of the sources table: a source created live, or merged into another. */
const SOURCE = 1;
const SOURCE_MERGED = 2;

/**
 * Holds parsed rows and writes them a batch at a time, each type with one statement, after the
 * checks only the database can make: ids already taken, references to stored records, merged
 * claims, duplicate links and link cycles. Whatever fails goes to `errors` by line, and the rest
 * of the batch is still written, so that later lines referring to it are checked against it; the
 * caller rolls everything back if any line failed.
 *
 * A write covers every type in dependency order (sources, claims, stances, links), so a row is
 * always written after the rows it may refer to, however the file interleaves its types.
 *
 * The ids of the sources and claims this import created are remembered (in IdTables, about 50
 * bytes each), so references to them — by key or by id — need no query; references to stored
 * records are looked up a batch at a time and share-locked as the API's own writers lock them.
 *
 * A merged claim is recorded as a merge through the API records one (an audit entry `merge` of
 * what moved, here nothing: the import lets no stance or link onto a merged claim), so it can be
 * unmerged, and the claim it was merged into deleted once it has been.
 */
export class BatchWriter {
  private heldSources: SourceRow[] = [];
  private heldClaims: ClaimRow[] = [];
  private heldStances: StanceRow[] = [];
  private heldLinks: LinkRow[] = [];
  private heldReviews: ReviewRow[] = [];
  private held = 0;
  /** The batch being written while the next one is parsed; its failure surfaces at the next wait. */
  private writing: Promise<void> = Promise.resolve();
  private affiliationsLocked = false;
  private linksLocked = false;
  /** Sources created here, with their independence group. */
  private readonly sourceGroups = new IdTable();
  /** Claims created here: live ones, and merged ones with the claim each was merged into. */
  private readonly claims = new IdTable();
  readonly created: CreatedCounts = { sources: 0, claims: 0, stances: 0, links: 0, reviews: 0 };

  constructor(
    private readonly db: EntityManager,
    private readonly repo: ImportRepository,
    private readonly sourcesRepo: SourcesRepository,
    private readonly linksRepo: LinksRepository,
    private readonly errors: LineErrors,
    private readonly writer: Writer,
  ) {}

  async add(parsed: ParsedLine): Promise<void> {
    switch (parsed.type) {
      case 'source':
        this.heldSources.push(parsed.row);
        break;
      case 'claim':
        this.heldClaims.push(parsed.row);
        break;
      case 'stance':
        this.heldStances.push(parsed.row);
        break;
      case 'link':
        this.heldLinks.push(parsed.row);
        break;
      case 'review':
        this.heldReviews.push(parsed.row);
        break;
    }
    if (++this.held >= BATCH_ROWS) {
      // One batch at a time goes to the database while the caller goes on parsing the next: the
      // database and the parser work side by side, and at most two batches are held.
      await this.writing;
      this.writing = this.write();
      // Marked as handled now; the next wait still sees a failure.
      this.writing.catch(() => undefined);
    }
  }

  /** Writes everything held, after the batch already on its way. */
  async flush(): Promise<void> {
    await this.writing;
    this.writing = Promise.resolve();
    await this.write();
  }

  /** Waits for the batch on its way, whatever becomes of it: nothing may run after a rollback. */
  async settle(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  private async write(): Promise<void> {
    const batch = {
      sources: this.heldSources,
      claims: this.heldClaims,
      stances: this.heldStances,
      links: this.heldLinks,
      reviews: this.heldReviews,
    };
    this.heldSources = [];
    this.heldClaims = [];
    this.heldStances = [];
    this.heldLinks = [];
    this.heldReviews = [];
    this.held = 0;
    await this.writeSources(batch.sources);
    await this.writeClaims(batch.claims);
    await this.writeStances(batch.stances);
    await this.writeLinks(batch.links);
    await this.writeReviews(batch.reviews);
  }

  private refuse(line: number, field: string, message: string): void {
    this.errors.add({ line, field, message });
  }

  /** What a claim reference names: a live claim, a merged one (and into which), or nothing known here. */
  private claimState(
    id: string,
    stored: Map<string, string | null>,
  ): { live: true } | { mergedInto: string } | { missing: true } {
    switch (this.claims.tag(id)) {
      case LIVE:
        return { live: true };
      case MERGED:
        return { mergedInto: this.claims.target(id)! };
    }
    const merged = stored.get(id);
    if (merged === undefined) return { missing: true };
    return merged === null ? { live: true } : { mergedInto: merged };
  }

  /** What a source reference names: a live source (with its group), a merged one, or nothing known. */
  private sourceState(
    id: string,
    stored: Map<string, StoredSource>,
  ): { groupId: string } | { mergedInto: string } | { missing: true } {
    switch (this.sourceGroups.tag(id)) {
      case SOURCE:
        return { groupId: this.sourceGroups.target(id)! };
      case SOURCE_MERGED:
        return { mergedInto: this.sourceGroups.target(id)! };
    }
    const found = stored.get(id);
    if (!found) return { missing: true };
    return found.mergedInto ? { mergedInto: found.mergedInto } : { groupId: found.groupId };
  }

  /**
   * Each new source joins its parent's independence group, or starts its own. A parent is always an
   * earlier line or a stored source, so no new source can close a cycle; when a parent is stored,
   * the affiliation lock keeps its group still until commit, as `POST /v1/sources` does. A merged
   * source points at a live one (as merges leave them), and is recorded as a merge.
   */
  private async writeSources(rows: SourceRow[]): Promise<void> {
    if (rows.length === 0) return;
    const batchIds = new Set(rows.map((r) => r.id));
    const storedRefs = rows.flatMap((r) =>
      [r.parentId, r.mergedIntoId].filter(
        (ref): ref is string => !!ref && !batchIds.has(ref) && !this.sourceGroups.has(ref),
      ),
    );
    if (!this.affiliationsLocked && storedRefs.length > 0) {
      await this.sourcesRepo.lockAffiliations(this.db);
      this.affiliationsLocked = true;
    }
    const stored = await this.repo.findSourceGroups(
      this.db,
      unique([...rows.filter((r) => r.explicitId).map((r) => r.id), ...storedRefs]),
      false,
    );
    const inBatch = new Map<string, { groupId: string } | { mergedInto: string }>();
    const state = (id: string) => inBatch.get(id) ?? this.sourceState(id, stored);
    const accepted: GroupedSourceRow[] = [];
    for (const row of rows) {
      if (
        row.explicitId &&
        (inBatch.has(row.id) || this.sourceGroups.has(row.id) || stored.has(row.id))
      ) {
        this.refuse(row.line, 'id', 'a source with this id exists already');
        continue;
      }
      let groupId = row.id;
      if (row.parentId) {
        const parent = state(row.parentId);
        if ('missing' in parent) {
          this.refuse(row.line, 'affiliatedWithId', 'no source has this id');
          continue;
        }
        if ('mergedInto' in parent) {
          this.refuse(
            row.line,
            'affiliatedWithId',
            `names a source merged into ${parent.mergedInto}; affiliate it with that source`,
          );
          continue;
        }
        groupId = parent.groupId;
      }
      if (row.mergedIntoId) {
        const target = state(row.mergedIntoId);
        if ('missing' in target) {
          this.refuse(row.line, 'mergedIntoId', 'no source has this id');
          continue;
        }
        if ('mergedInto' in target) {
          this.refuse(
            row.line,
            'mergedIntoId',
            `names a source that is itself merged into ${target.mergedInto}`,
          );
          continue;
        }
      }
      inBatch.set(row.id, row.mergedIntoId ? { mergedInto: row.mergedIntoId } : { groupId });
      accepted.push({ ...row, groupId });
    }
    await this.repo.insertSources(this.db, accepted, this.writer);
    await this.repo.recordSourceMerges(
      this.db,
      accepted.filter((r) => r.mergedIntoId),
      this.writer,
    );
    for (const row of accepted) {
      if (row.mergedIntoId) this.sourceGroups.set(row.id, SOURCE_MERGED, row.mergedIntoId);
      else this.sourceGroups.set(row.id, SOURCE, row.groupId);
    }
    this.created.sources += accepted.length;
  }

  /** A merged claim points at a live claim (as merges leave them), stored or earlier in the file. */
  private async writeClaims(rows: ClaimRow[]): Promise<void> {
    if (rows.length === 0) return;
    const batchIds = new Set(rows.map((r) => r.id));
    const stored = await this.repo.findClaims(
      this.db,
      unique([
        ...rows.filter((r) => r.explicitId).map((r) => r.id),
        ...rows.flatMap((r) =>
          r.mergedIntoId && !batchIds.has(r.mergedIntoId) && !this.claims.has(r.mergedIntoId)
            ? [r.mergedIntoId]
            : [],
        ),
      ]),
    );
    const accepted = new Map<string, ClaimRow>();
    for (const row of rows) {
      if (
        row.explicitId &&
        (accepted.has(row.id) || this.claims.has(row.id) || stored.has(row.id))
      ) {
        this.refuse(row.line, 'id', 'a claim with this id exists already');
        continue;
      }
      if (row.mergedIntoId) {
        const inBatch = accepted.get(row.mergedIntoId);
        const target = inBatch
          ? inBatch.mergedIntoId
            ? { mergedInto: inBatch.mergedIntoId }
            : { live: true }
          : this.claimState(row.mergedIntoId, stored);
        if ('missing' in target) {
          this.refuse(row.line, 'mergedIntoId', 'no claim has this id');
          continue;
        }
        if ('mergedInto' in target) {
          this.refuse(
            row.line,
            'mergedIntoId',
            `names a claim that is itself merged into ${target.mergedInto}`,
          );
          continue;
        }
      }
      accepted.set(row.id, row);
    }
    const rowsToInsert = [...accepted.values()];
    await this.repo.insertClaims(this.db, rowsToInsert, this.writer);
    await this.repo.recordMerges(
      this.db,
      rowsToInsert.filter((r) => r.mergedIntoId),
      this.writer,
    );
    for (const row of rowsToInsert) {
      if (row.mergedIntoId) this.claims.set(row.id, MERGED, row.mergedIntoId);
      else this.claims.set(row.id, LIVE);
    }
    this.created.claims += accepted.size;
  }

  private async writeStances(rows: StanceRow[]): Promise<void> {
    if (rows.length === 0) return;
    const claims = await this.repo.findClaims(
      this.db,
      unique(rows.flatMap((r) => (this.claims.has(r.claimId) ? [] : [r.claimId]))),
    );
    const sources = await this.repo.findSourceGroups(
      this.db,
      unique(
        rows
          .flatMap((r) => [r.sourceId, ...(r.viaSourceId ? [r.viaSourceId] : [])])
          .filter((id) => !this.sourceGroups.has(id)),
      ),
      true,
    );
    const ids = new Set<string>();
    const accepted: StanceRow[] = [];
    for (const row of rows) {
      let ok = true;
      if (row.explicitId && ids.has(row.id)) {
        this.refuse(row.line, 'id', 'a stance with this id exists already');
        ok = false;
      }
      const claim = this.claimState(row.claimId, claims);
      if ('missing' in claim) {
        this.refuse(row.line, 'claimId', 'no claim has this id');
        ok = false;
      } else if ('mergedInto' in claim) {
        this.refuse(
          row.line,
          'claimId',
          `names a claim merged into ${claim.mergedInto}; give the stance to that claim`,
        );
        ok = false;
      }
      for (const [field, id] of [
        ['sourceId', row.sourceId],
        ['viaSourceId', row.viaSourceId],
      ] as const) {
        if (!id) continue;
        const source = this.sourceState(id, sources);
        if ('missing' in source) {
          this.refuse(row.line, field, 'no source has this id');
          ok = false;
        } else if ('mergedInto' in source) {
          this.refuse(
            row.line,
            field,
            `names a source merged into ${source.mergedInto}; give the stance to that source`,
          );
          ok = false;
        }
      }
      if (!ok) continue;
      ids.add(row.id);
      accepted.push(row);
    }
    await this.insertStances(accepted);
  }

  /**
   * Stances are the bulk of a file, so their ids are not looked up beforehand: the insert skips an
   * id that is taken and says which it stored, and the lines of the others are refused.
   */
  private async insertStances(rows: StanceRow[]): Promise<void> {
    const stored = await this.repo.insertStances(this.db, rows, this.writer);
    if (stored === null) {
      this.created.stances += rows.length;
      return;
    }
    for (const row of rows) {
      if (!stored.has(row.id)) this.refuse(row.line, 'id', 'a stance with this id exists already');
    }
    this.created.stances += stored.size;
  }

  /**
   * Links obey the API's rules: both claims live, no duplicates (either way round for undirected
   * kinds), no `part_of` or `depends_on` cycle. Cycles are looked for once the batch is stored, with
   * the batch in the graph; each link that closes one is refused.
   */
  private async writeLinks(rows: LinkRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (!this.linksLocked) {
      await this.linksRepo.lockLinks(this.db);
      this.linksLocked = true;
    }
    const claims = await this.repo.findClaims(
      this.db,
      unique(
        rows.flatMap((r) => [r.fromClaimId, r.toClaimId]).filter((id) => !this.claims.has(id)),
      ),
    );
    const taken = await this.repo.findExistingLinkIds(
      this.db,
      unique(rows.filter((r) => r.explicitId).map((r) => r.id)),
    );
    const candidates: LinkRow[] = [];
    const ids = new Set<string>();
    const identities = new Set<string>();
    for (const row of rows) {
      let ok = true;
      if (row.explicitId && (taken.has(row.id) || ids.has(row.id))) {
        this.refuse(row.line, 'id', 'a link with this id exists already');
        ok = false;
      }
      for (const [field, id] of [
        ['fromClaimId', row.fromClaimId],
        ['toClaimId', row.toClaimId],
      ] as const) {
        const claim = this.claimState(id, claims);
        if ('missing' in claim) {
          this.refuse(row.line, field, 'no claim has this id');
          ok = false;
        } else if ('mergedInto' in claim) {
          this.refuse(row.line, field, `names a claim merged into ${claim.mergedInto}`);
          ok = false;
        }
      }
      const directed = DIRECTED_LINK_KINDS.includes(row.kind);
      const [a, b] =
        directed || row.fromClaimId < row.toClaimId
          ? [row.fromClaimId, row.toClaimId]
          : [row.toClaimId, row.fromClaimId];
      const identity = `${row.kind} ${a} ${b}`;
      if (ok && identities.has(identity)) {
        this.refuse(
          row.line,
          'toClaimId',
          `an earlier line links these claims as ${row.kind} already`,
        );
        ok = false;
      }
      if (!ok) continue;
      ids.add(row.id);
      identities.add(identity);
      candidates.push(row);
    }
    const duplicates = await this.repo.findDuplicateLinks(this.db, candidates);
    const accepted = candidates.filter((row, i) => {
      if (duplicates.has(i)) {
        this.refuse(row.line, 'toClaimId', `these claims are linked as ${row.kind} already`);
      }
      return !duplicates.has(i);
    });
    await this.repo.insertLinks(this.db, accepted, this.writer);
    this.created.links += accepted.length;
    const directed = accepted.filter((r) => DIRECTED_LINK_KINDS.includes(r.kind));
    for (const i of await this.repo.findLinkCycles(this.db, directed)) {
      const row = directed[i];
      const relation = row.kind === 'part_of' ? 'is made up of' : 'depends on';
      this.refuse(
        row.line,
        'toClaimId',
        `the link closes a ${row.kind} cycle: the target already ${relation} this claim, directly or not`,
      );
    }
  }

  /**
   * Verdicts go to claims stored here or before, merged ones too (a merge leaves a claim's verdicts
   * with it, so an export of a merged claim carries them).
   */
  private async writeReviews(rows: ReviewRow[]): Promise<void> {
    if (rows.length === 0) return;
    const claims = await this.repo.findClaims(
      this.db,
      unique(rows.flatMap((r) => (this.claims.has(r.claimId) ? [] : [r.claimId]))),
    );
    const taken = await this.repo.findExistingReviewIds(
      this.db,
      unique(rows.filter((r) => r.explicitId).map((r) => r.id)),
    );
    const ids = new Set<string>();
    const accepted: ReviewRow[] = [];
    for (const row of rows) {
      let ok = true;
      if (row.explicitId && (taken.has(row.id) || ids.has(row.id))) {
        this.refuse(row.line, 'id', 'a verdict with this id exists already');
        ok = false;
      }
      if ('missing' in this.claimState(row.claimId, claims)) {
        this.refuse(row.line, 'claimId', 'no claim has this id');
        ok = false;
      }
      if (!ok) continue;
      ids.add(row.id);
      accepted.push(row);
    }
    await this.repo.insertReviews(this.db, accepted, this.writer);
    this.created.reviews += accepted.length;
  }
}
