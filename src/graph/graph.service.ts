import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { SourceErrors } from '../sources/sources.errors.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import type { GraphQueryDto, GraphResponseDto } from './dto/graph.dto.js';
import { GraphRepository, type AffiliationRow, type LinkEdgeRow, type StanceEdgeRow } from './graph.repository.js';

type NodeType = 'claim' | 'source';

/**
 * A neighbourhood of the claim graph as Cytoscape.js elements: breadth-first from the seeds, one
 * batch of queries per step, stopping at `maxNodes`. Only edges whose both ends made it are kept.
 */
@Injectable()
export class GraphService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: GraphRepository,
    private readonly corroboration: CorroborationService,
  ) {}

  async neighbourhood(query: GraphQueryDto): Promise<GraphResponseDto> {
    const seeds = [query.claimId, query.sourceId, query.tag].filter((s) => s !== undefined);
    if (seeds.length !== 1) {
      throw new DomainError(CommonErrors.VALIDATION_FAILED, 'Give exactly one seed: claimId, sourceId or tag.', [
        { field: 'claimId', message: 'exactly one of claimId, sourceId and tag is required' },
      ]);
    }
    const db = this.dataSource.manager;
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
    let frontier = [...nodes.entries()];
    for (let step = 0; step < query.depth && frontier.length > 0 && !truncated; step++) {
      const claims = frontier.filter(([, t]) => t === 'claim').map(([id]) => id);
      const sources = frontier.filter(([, t]) => t === 'source').map(([id]) => id);
      const next: [string, NodeType][] = [];
      const reach = (id: string, type: NodeType) => {
        if (add(id, type)) next.push([id, type]);
      };
      for (const s of [...(await this.repo.effectiveStances(db, 'claim', claims)), ...(await this.repo.effectiveStances(db, 'source', sources))]) {
        stances.set(s.id, s);
        reach(s.claimId, 'claim');
        reach(s.sourceId, 'source');
      }
      for (const l of await this.repo.links(db, claims)) {
        links.set(l.id, l);
        reach(l.fromClaimId, 'claim');
        reach(l.toClaimId, 'claim');
      }
      for (const a of await this.repo.affiliations(db, sources)) {
        affiliations.set(a.id, a);
        reach(a.id, 'source');
        reach(a.parentId, 'source');
      }
      frontier = next;
    }
    return this.elements(nodes, stances, links, affiliations, truncated);
  }

  private async elements(
    nodes: Map<string, NodeType>,
    stances: Map<string, StanceEdgeRow>,
    links: Map<string, LinkEdgeRow>,
    affiliations: Map<string, AffiliationRow>,
    truncated: boolean,
  ): Promise<GraphResponseDto> {
    const db = this.dataSource.manager;
    const claimIds = [...nodes].filter(([, t]) => t === 'claim').map(([id]) => id);
    const sourceIds = [...nodes].filter(([, t]) => t === 'source').map(([id]) => id);
    const [claims, sources, contested] = [
      await this.repo.claimNodes(db, claimIds),
      await this.repo.sourceNodes(db, sourceIds),
      await this.repo.dependingOnContested(db, claimIds),
    ];
    const present = new Set([...claims.map((c) => c.id), ...sources.map((s) => s.id)]);
    const both = (a: string, b: string) => present.has(a) && present.has(b);
    return {
      truncated,
      elements: {
        nodes: [
          ...claims.map((c) => ({
            data: { id: c.id, type: 'claim', label: c.statement, status: c.status, score: Number(c.score), dependsOnContested: contested.has(c.id) },
          })),
          ...sources.map((s) => ({ data: { id: s.id, type: 'source', label: s.name, kind: s.kind, reliability: s.reliability, group: s.groupId } })),
        ],
        edges: [
          ...[...stances.values()]
            .filter((s) => both(s.sourceId, s.claimId))
            .map((s) => ({ data: { id: s.id, type: 'stance', source: s.sourceId, target: s.claimId, kind: s.kind, statedAt: new Date(s.statedAt).toISOString() } })),
          ...[...links.values()]
            .filter((l) => both(l.fromClaimId, l.toClaimId))
            .map((l) => ({ data: { id: l.id, type: 'link', source: l.fromClaimId, target: l.toClaimId, kind: l.kind } })),
          ...[...affiliations.values()]
            .filter((a) => both(a.id, a.parentId))
            .map((a) => ({ data: { id: `affiliation:${a.id}`, type: 'affiliation', source: a.id, target: a.parentId } })),
        ],
      },
    };
  }
}
