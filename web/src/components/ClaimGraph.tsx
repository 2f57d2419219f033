import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import type { Schemas } from '../api.js';
import { STATUS_COLOURS } from '../format.js';

type Graph = Schemas['GraphResponseDto'];

// fCoSE lays out compound nodes (the independence groups) without their boxes overlapping.
cytoscape.use(fcose);

/** Edge colours by the `polarity` the API gives each stance and link. */
const POLARITY_COLOURS: Record<string, string> = {
  support: '#1b7f3b',
  refute: '#b00020',
  withdrawn: '#b00020',
  doubt: '#b35c00',
  neutral: '#8a8f98',
};

/**
 * The claim graph, drawn by Cytoscape.js from the elements GET /v1/graph answers as they are:
 * claims coloured by status, stance and link edges by polarity, each independence group a compound
 * node around its sources; a click on a claim opens it.
 */
export function ClaimGraph({
  graph,
  focus,
  testId = 'graph',
}: {
  graph: Graph;
  /** The claim the graph is drawn around: outlined, and laid out at the centre. */
  focus?: string;
  testId?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [, navigate] = useLocation();
  useEffect(() => {
    if (!container.current) return;
    const members = new Map<string, number>();
    for (const n of graph.elements.nodes) {
      if (n.data.type === 'source')
        members.set(n.data.parent, (members.get(n.data.parent) ?? 0) + 1);
    }
    const cy = cytoscape({
      container: container.current,
      elements: {
        // A group of one source needs no name of its own: the source's is on it already.
        nodes: graph.elements.nodes.map((n) =>
          n.data.type === 'group' && (members.get(n.data.id) ?? 0) < 2
            ? { data: { ...n.data, label: '' } }
            : { data: { ...n.data } },
        ),
        edges: graph.elements.edges.map((e) => ({
          data: {
            ...e.data,
            ...(e.data.type === 'link' && { kindLabel: e.data.kind.replace(/_/g, ' ') }),
          },
        })),
      },
      layout: focus
        ? // The focus on top, the claims it links to below it, theirs further down.
          { name: 'breadthfirst', roots: [focus], directed: false, animate: false, padding: 24 }
        : ({
            name: 'fcose',
            animate: false,
            nodeRepulsion: () => 9000,
            idealEdgeLength: () => 90,
            nestingFactor: 0.2,
            padding: 20,
          } as cytoscape.LayoutOptions),
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
          // An independence group: its sources count once, drawn inside it.
          selector: 'node[type = "group"]',
          style: {
            'background-color': '#eef2f7',
            'border-color': '#9aa7b8',
            'border-width': 1,
            shape: 'round-rectangle',
            'text-valign': 'top',
            color: '#3d4a5c',
          },
        },
        {
          selector: 'edge',
          style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' },
        },
        ...Object.entries(POLARITY_COLOURS).map(([polarity, colour]) => ({
          selector: `edge[polarity = "${polarity}"]`,
          style: { 'line-color': colour, 'target-arrow-color': colour },
        })),
        { selector: 'edge[polarity = "withdrawn"]', style: { 'line-style': 'dotted' } },
        { selector: 'edge[type = "affiliation"]', style: { 'line-style': 'dashed' } },
        {
          // A link says what it is: "depends on", "part of".
          selector: 'edge[type = "link"]',
          style: { label: 'data(kindLabel)', 'font-size': 8, 'text-rotation': 'autorotate' },
        },
        ...(focus
          ? [
              {
                selector: `node[id = "${focus}"]`,
                style: { 'border-width': 3, 'border-color': '#1d2430' },
              },
            ]
          : []),
      ],
    });
    cy.on('tap', 'node[type = "claim"]', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      navigate(`/claims/${node.id()}`);
    });
    // For the browser tests, which read what was drawn.
    (window as unknown as Record<string, cytoscape.Core>)[`cytoscape:${testId}`] = cy;
    return () => cy.destroy();
  }, [graph, navigate, focus, testId]);
  return (
    <div
      ref={container}
      className={focus ? 'graph small' : 'graph'}
      role="img"
      aria-label={`${focus ? 'Linked claims graph' : 'Claim graph'}: ${graph.elements.nodes.length} nodes and ${graph.elements.edges.length} edges`}
      data-testid={testId}
    />
  );
}
