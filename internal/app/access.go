package app

import (
	"context"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
)

// AccessOptions are the inputs of `convene access`.
type AccessOptions struct {
	Graph  GraphSource
	Ref    string
	Format string
}

// Access prints who can become an identity, by which chain, and what it
// can become. The escalation rules run again over the loaded graph, so a
// graph file written before they existed answers too.
func (a *App) Access(ctx context.Context, opts AccessOptions) error {
	g, _, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	n, err := g.Resolve(opts.Ref)
	if err != nil {
		return err
	}
	b := graph.NewBuilder()
	b.AddGraph(g)
	if err := access.Derive(ctx, g, b); err != nil {
		return err
	}
	return access.NewReport(b.Build(), n).Write(a.Stdout, opts.Format)
}
