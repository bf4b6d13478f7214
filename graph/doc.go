// Package graph is convene's model of an estate's non-human identities and
// what depends on them.
//
// An edge A -> B always means A depends on B: A would be affected if B
// changed. The impact of a change to B therefore flows against the arrows,
// to the nodes that reach B.
//
// Connectors describe what they find as Nodes and Edges written into a
// Builder, concurrently if they like. The Builder merges what several
// connectors said about the same node, de-duplicates edges and produces an
// immutable Graph. The Graph offers lookup by ID, unique-suffix and name
// resolution, neighbourhood queries, deterministic iteration and gonum views
// (forward and reversed) for traversal with gonum's graph algorithms.
//
// This package imports nothing else of convene: every other package imports
// it.
package graph
