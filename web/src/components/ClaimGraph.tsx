import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import type { Schemas } from '../api.js';

type Graph = Schemas['GraphResponseDto'];

const STATUS_COLOURS: Record<string, string> = {
  corroborated: '#1b7f3b',
  disputed: '#b35c00',
  denied: '#b00020',
  retracted: '#6b3fa0',
  unverified: '#55606e',
  unsourced: '#8a8f98',
};

/** Edge colours by what a stance does to the claim: support, refute, doubt, or neither. */
const POLARITY: Record<string, string> = {
  asserts: '#1b7f3b',
  confirms: '#1b7f3b',
  denies: '#b00020',
  retracts: '#b00020',
  questions: '#b35c00',
  reports: '#8a8f98',
  declines_to_confirm: '#8a8f98',
};

/**
 * The claim graph, drawn by Cytoscape.js from the elements GET /v1/graph answers as they are:
 * claims coloured by status, stance edges by polarity; a click on a claim opens it.
 */
export function ClaimGraph({ graph }: { graph: Graph }) {
  const container = useRef<HTMLDivElement>(null);
  const [, navigate] = useLocation();
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({
      container: container.current,
      elements: {
        nodes: graph.elements.nodes.map((n) => ({ data: { ...n.data } })),
        edges: graph.elements.edges.map((e) => ({ data: { ...e.data } })),
      },
      layout: { name: 'cose', animate: false },
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'font-size': 9,
            'text-wrap': 'ellipsis',
            'text-max-width': '140px',
          },
        },
        ...Object.entries(STATUS_COLOURS).map(([status, colour]) => ({
          selector: `node[type = "claim"][status = "${status}"]`,
          style: { 'background-color': colour, shape: 'round-rectangle' as const },
        })),
        {
          selector: 'node[type = "source"]',
          style: { 'background-color': '#2f5d8a', shape: 'ellipse' },
        },
        {
          selector: 'edge',
          style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' },
        },
        ...Object.entries(POLARITY).map(([kind, colour]) => ({
          selector: `edge[type = "stance"][kind = "${kind}"]`,
          style: { 'line-color': colour, 'target-arrow-color': colour },
        })),
        { selector: 'edge[type = "affiliation"]', style: { 'line-style': 'dashed' } },
      ],
    });
    cy.on('tap', 'node[type = "claim"]', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      navigate(`/claims/${node.id()}`);
    });
    (window as unknown as { claimGraph?: cytoscape.Core }).claimGraph = cy;
    return () => cy.destroy();
  }, [graph, navigate]);
  return (
    <div
      ref={container}
      className="graph"
      role="img"
      aria-label={`Claim graph: ${graph.elements.nodes.length} nodes and ${graph.elements.edges.length} edges`}
      data-testid="graph"
    />
  );
}
