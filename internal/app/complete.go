package app

import (
	"context"
	"strconv"
	"strings"
)

// maxCompletions bounds what a shell is offered at once.
const maxCompletions = 200

// CompleteNodes offers the node IDs (and names) that start with prefix,
// each with its type as the description, for shell completion. A graph
// that cannot be read offers nothing: completion never fails loudly.
func (a *App) CompleteNodes(ctx context.Context, src GraphSource, prefix string) []string {
	g, _, err := src.load(ctx)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range g.Nodes() {
		if len(out) >= maxCompletions {
			break
		}
		switch {
		case strings.HasPrefix(n.ID, prefix):
			out = append(out, n.ID+"\t"+n.Type)
		case n.Name != "" && strings.HasPrefix(n.Name, prefix) && !strings.ContainsAny(n.Name, " \t"):
			out = append(out, n.Name+"\t"+n.Type+" "+n.ID)
		}
	}
	return out
}

// CompleteSnapshots offers the store's snapshot IDs, newest first, each
// with its source and time, and "latest".
func (a *App) CompleteSnapshots(ctx context.Context, storeURL string) []string {
	st, err := openStoreReadOnly(ctx, storeURL)
	if err != nil {
		return nil
	}
	defer st.Close()
	list, err := st.List(ctx, "")
	if err != nil {
		return nil
	}
	out := []string{"latest\tthe latest state of every source"}
	for i := len(list) - 1; i >= 0 && len(out) < maxCompletions; i-- {
		info := list[i]
		out = append(out, strconv.FormatInt(info.ID, 10)+"\t"+info.Source+" "+info.CreatedAt.UTC().Format("2006-01-02 15:04"))
	}
	return out
}
