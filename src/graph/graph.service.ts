import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LINK_KINDS } from '../domain/links.js';
import { POLARITY } from '../domain/stances.js';
import { CommonErrors, DomainError } from '../domain/errors.js';
import { SourceErrors } from '../sources/sources.errors.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import type { GraphQueryDto, GraphResponseDto } from './dto/graph.dto.js';
import { shortLabel } from './label.js';
import {
  GraphRepository,
  type AffiliationRow,
  type LinkEdgeRow,
  type StanceEdgeRow,
  type StancePageRow,
} from './graph.repository.js';
import { Reads } from '../common/reads.js';

type NodeType = 'claim' | 'source';

/**
 * A neighbourhood of the claim graph as Cytoscape.js elements: breadth-first from the seeds, one
 * batch of queries per step, stopping at `maxNodes`. Only edges whose both ends made it are kept.
 */
/** The id of an independence group's compound node. */
const groupNodeId = (rootSourceId: string): string => `group:${rootSourceId}`;

@Injectable()
export class GraphService {
  constructor(
    private readonly repo: GraphRepository,
    private readonly corroboration: CorroborationService,
    private readonly reads: Reads,
  ) {}

  async neighbourhood(query: GraphQueryDto): Promise<GraphResponseDto> {
    const seeds = [query.claimId, query.sourceId, query.tag].filter((s) => s !== undefined);
    if (seeds.length !== 1) {
      throw new DomainError(
        CommonErrors.VALIDATION_FAILED,
        'Give exactly one seed: claimId, sourceId or tag.',
        [{ field: 'claimId', message: 'exactly one of claimId, sourceId and tag is required' }],
      );
    }
    const db = await this.reads.manager();
    const nodes = new Map<string, NodeType>();
    let truncated = false;
    const add = (id: string, type: NodeType): boolean => {
      if (nodes.has(id)) return false;
      if (nodes.size >= query.maxNodes) {
        truncated = true;
        return false;
      }
      nodes.set(id, type);
      return true;
    };

    if (query.claimId) {
      await this.corroboration.requireLiveClaim(db, query.claimId);
      add(query.claimId, 'claim');
    } else if (query.sourceId) {
      if ((await this.repo.sourceNodes(db, [query.sourceId])).length === 0) {
        throw new DomainError(SourceErrors.SOURCE_NOT_FOUND, `No source has id ${query.sourceId}.`);
      }
      add(query.sourceId, 'source');
    } else {
      const ids = await this.repo.claimIdsWithTag(db, query.tag!.toLowerCase(), query.maxNodes + 1);
      for (const id of ids) add(id, 'claim');
    }

    const stances = new Map<string, StanceEdgeRow>();
    const links = new Map<string, LinkEdgeRow>();
    const affiliations = new Map<string, AffiliationRow>();
    /** The (claim, source) pairs whose effective stance is known: the first stance read of each. */
    const pairs = new Set<string>();
    let frontier = [...nodes.entries()];
    for (let step = 0; step < query.depth && frontier.length > 0 && !truncated; step++) {
      const claims = frontier.filter(([, t]) => t === 'claim').map(([id]) => id);
      const sources = frontier.filter(([, t]) => t === 'source').map(([id]) => id);
      const next: [string, NodeType][] = [];
      const reach = (id: string, type: NodeType) => {
        if (add(id, type)) next.push([id, type]);
      };
      const stance = (s: StanceEdgeRow) => {
        const pair = `${s.claimId}/${s.sourceId}`;
        if (pairs.has(pair)) return;
        pairs.add(pair);
        stances.set(s.id, s);
        reach(s.claimId, 'claim');
        reach(s.sourceId, 'source');
      };
      const full = () => truncated;
      if (query.walk === 'all') {
        await this.walkStances(db, 'claim', claims, query.maxNodes - nodes.size + 1, stance, full);
        await this.walkStances(
          db,
          'source',
          sources,
          query.maxNodes - nodes.size + 1,
          stance,
          full,
        );
      }
      // Link keys are unique per (from, to, kind), so a claim with more links than this one way
      // has more distinct neighbours than `maxNodes`: reading more could only confirm the cut.
      if (!truncated) {
        for (const l of await this.repo.links(db, claims, LINK_KINDS.length * query.maxNodes + 1)) {
          links.set(l.id, l);
          reach(l.fromClaimId, 'claim');
          reach(l.toClaimId, 'claim');
        }
      }
      // Likewise each affiliate is a distinct source.
      if (!truncated && query.walk === 'all') {
        for (const a of await this.repo.affiliations(db, sources, query.maxNodes + 1)) {
          affiliations.set(a.id, a);
          reach(a.id, 'source');
          reach(a.parentId, 'source');
        }
      }
      frontier = next;
    }
    return this.elements(nodes, stances, links, affiliations, truncated);
  }

  /**
   * Feeds `visit` the stances of each of these nodes, newest first, a page at a time, until every
   * node is read to its end or `done()`. The first page is `limit` per node: enough to fill the
   * node budget from any single node whose stances each bring a new neighbour. A node whose page
   * came back full (its sources restated themselves, or its neighbours were already in) is read
   * on, twice as far each time: its queries grow with the logarithm of its stances.
   */
  private async walkStances(
    db: EntityManager,
    by: 'claim' | 'source',
    ids: string[],
    limit: number,
    visit: (s: StancePageRow) => void,
    done: () => boolean,
  ): Promise<void> {
    let pending = ids.map((id) => ({ id, after: null as string | null }));
    for (let size = Math.max(1, limit); pending.length > 0 && !done(); size *= 2) {
      const rows = await this.repo.stancePages(db, by, pending, size);
      // Each node's page in order, newest first: the order that makes a pair's first stance its latest.
      rows.sort((a, b) => a.ord - b.ord || a.n - b.n);
      const read = new Map<number, { count: number; last: string }>();
      for (const row of rows) {
        visit(row);
        const seen = read.get(row.ord);
        read.set(row.ord, { count: (seen?.count ?? 0) + 1, last: row.id });
      }
      pending = pending.flatMap((node, i) => {
        const page = read.get(i + 1);
        return page && page.count >= size ? [{ id: node.id, after: page.last }] : [];
      });
    }
  }

  private async elements(
    nodes: Map<string, NodeType>,
    stances: Map<string, StanceEdgeRow>,
    links: Map<string, LinkEdgeRow>,
    affiliations: Map<string, AffiliationRow>,
    truncated: boolean,
  ): Promise<GraphResponseDto> {
    const db = await this.reads.manager();
    const claimIds = [...nodes].filter(([, t]) => t === 'claim').map(([id]) => id);
    const sourceIds = [...nodes].filter(([, t]) => t === 'source').map(([id]) => id);
    // Independent reads: on a pool they run side by side, each on its own connection.
    const [claims, sources, contested] = await Promise.all([
      this.repo.claimNodes(db, claimIds),
      this.repo.sourceNodes(db, sourceIds),
      this.repo.dependingOnContested(db, claimIds),
    ]);
    const present = new Set([...claims.map((c) => c.id), ...sources.map((s) => s.id)]);
    const both = (a: string, b: string) => present.has(a) && present.has(b);
    return {
      truncated,
      elements: {
        nodes: [
          ...claims.map((c) => ({
            data: {
              id: c.id,
              type: 'claim' as const,
              label: shortLabel(c.statement),
              statement: c.statement,
              status: c.status,
              score: c.score,
              dependsOnContested: contested.has(c.id),
            },
          })),
          ...sources.map((s) => ({
            data: {
              id: s.id,
              type: 'source' as const,
              label: s.name,
              kind: s.kind,
              reliability: s.reliability,
              group: s.groupId,
              parent: groupNodeId(s.groupId),
              anonymous: s.anonymous,
            },
          })),
          // Each drawn source's independence group, once, as the compound node it is drawn in.
          ...[...new Map(sources.map((s) => [s.groupId, s.groupName]))].map(([group, name]) => ({
            data: { id: groupNodeId(group), type: 'group' as const, label: name, group },
          })),
        ],
        edges: [
          ...[...stances.values()]
            .filter((s) => both(s.sourceId, s.claimId))
            .map((s) => ({
              data: {
                id: s.id,
                type: 'stance' as const,
                source: s.sourceId,
                target: s.claimId,
                kind: s.kind,
                polarity: POLARITY[s.kind],
                statedAt: new Date(s.statedAt).toISOString(),
                via: s.via,
              },
            })),
          // A relay edge when both the relay and the source it passed on are drawn.
          ...[...stances.values()]
            .filter(
              (s): s is StanceEdgeRow & { via: string } =>
                both(s.sourceId, s.claimId) &&
                s.via !== null &&
                s.via !== s.sourceId &&
                present.has(s.via),
            )
            .map((s) => ({
              data: {
                id: `relay:${s.id}`,
                type: 'relay' as const,
                source: s.via,
                target: s.sourceId,
                claim: s.claimId,
                stance: s.id,
              },
            })),
          ...[...links.values()]
            .filter((l) => both(l.fromClaimId, l.toClaimId))
            .map((l) => ({
              data: {
                id: l.id,
                type: 'link' as const,
                source: l.fromClaimId,
                target: l.toClaimId,
                kind: l.kind,
                polarity: l.kind === 'contradicts' ? ('refute' as const) : ('neutral' as const),
              },
            })),
          ...[...affiliations.values()]
            .filter((a) => both(a.id, a.parentId))
            .map((a) => ({
              data: {
                id: `affiliation:${a.id}`,
                type: 'affiliation' as const,
                source: a.id,
                target: a.parentId,
              },
            })),
        ],
      },
    };
  }
}
