// Command synth-estate writes a synthetic estate (internal/synth) as a graph
// file and, when asked, as a snapshot in a store, for `make bench-compare`.
//
//	synth-estate -nodes 100000 -seed 1 -out g.json -store sqlite://g.db
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/convene-dev/convene/internal/store"
	"github.com/convene-dev/convene/internal/synth"
)

func main() {
	nodes := flag.Int("nodes", 100_000, "about how many nodes the estate has")
	seed := flag.Int64("seed", 1, "the generator's seed")
	out := flag.String("out", "", "write the graph file here")
	storeURL := flag.String("store", "", "also save the graph as a snapshot in this store (sqlite://PATH)")
	flag.Parse()
	if err := run(*nodes, *seed, *out, *storeURL); err != nil {
		fmt.Fprintln(os.Stderr, "synth-estate:", err)
		os.Exit(1)
	}
}

func run(nodes int, seed int64, out, storeURL string) error {
	g := synth.Build(seed, nodes)
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if err := g.WriteJSON(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if storeURL != "" {
		ctx := context.Background()
		s, err := store.Open(ctx, storeURL)
		if err != nil {
			return err
		}
		defer s.Close()
		if _, err := s.Save(ctx, g, store.Info{Source: "synth"}); err != nil {
			return err
		}
	}
	fmt.Printf("%d nodes, %d edges; hottest secret %s\n", g.Len(), len(g.Edges()), synth.HotSecret)
	return nil
}
