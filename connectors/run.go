package connectors

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/convene-dev/convene/graph"
)

// Job is one connector's part of a scan: the connector and the files routed
// to it (nil for a connector that reads an API).
type Job struct {
	Connector Connector
	Files     []string
}

// Result is how one connector's part of a scan went.
type Result struct {
	Connector string
	Files     int
	Duration  time.Duration
	// Err is set when the connector could not run at all, or panicked.
	Err error
}

// Run runs the jobs concurrently, at most limit at once (limit < 1 means
// one), writing into b. A connector that fails or panics fails only its own
// part: its Result carries the error and the others still land. done, if not
// nil, is called as each job ends, from the job's goroutine. Results are in
// the jobs' order.
func Run(ctx context.Context, jobs []Job, b *graph.Builder, limit int, done func(Result)) []Result {
	results := make([]Result, len(jobs))
	var g errgroup.Group
	g.SetLimit(max(limit, 1))
	for i, job := range jobs {
		g.Go(func() error {
			start := time.Now()
			err := discover(ctx, job, b)
			results[i] = Result{Connector: job.Connector.Name(), Files: len(job.Files), Duration: time.Since(start), Err: err}
			if done != nil {
				done(results[i])
			}
			return nil
		})
	}
	_ = g.Wait() // jobs report through results, never through the group
	return results
}

func discover(ctx context.Context, job Job, b *graph.Builder) (err error) {
	name := job.Connector.Name()
	defer func() {
		if p := recover(); p != nil {
			zerolog.Ctx(ctx).Error().Str("connector", name).Str("stack", string(debug.Stack())).Msg("connector panicked")
			err = fmt.Errorf("connector %s panicked: %v; this is a bug in convene, please report it with the file that caused it", name, p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	zerolog.Ctx(ctx).Debug().Str("connector", name).Int("files", len(job.Files)).Msg("connector started")
	if err := job.Connector.Discover(ctx, job.Files, b); err != nil {
		return fmt.Errorf("connector %s: %w", name, err)
	}
	return nil
}
