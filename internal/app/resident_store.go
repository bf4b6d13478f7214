package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/internal/drift"
	"github.com/convene-dev/convene/internal/store"
	"github.com/convene-dev/convene/internal/web"
)

// The Resident's side that reads the store: snapshots, drift, reloads.

// openStore returns the store, opening it the first time.
func (r *Resident) openStore(ctx context.Context) (store.Store, error) {
	r.stMu.Lock()
	defer r.stMu.Unlock()
	if r.st == nil {
		st, err := openStore(ctx, r.storeURL)
		if err != nil {
			return nil, err
		}
		r.st = st
	}
	return r.st, nil
}

// Close closes the store, if it was opened.
func (r *Resident) Close() error {
	r.stMu.Lock()
	defer r.stMu.Unlock()
	if r.st == nil {
		return nil
	}
	err := r.st.Close()
	r.st = nil
	return err
}

// Snapshots implements web.Backend.
func (r *Resident) Snapshots(ctx context.Context) ([]store.Info, error) {
	st, err := r.openStore(ctx)
	if err != nil {
		return nil, err
	}
	return st.List(ctx, "")
}

// Drift implements web.Backend: `convene diff` between two states of the
// store. Only snapshot IDs and latest are taken, never a file.
func (r *Resident) Drift(ctx context.Context, from, to string) (*drift.Report, error) {
	if isFile(from) || isFile(to) {
		return nil, web.BadInput(fmt.Errorf("give snapshot IDs or latest"))
	}
	st, err := r.openStore(ctx)
	if err != nil {
		return nil, err
	}
	if to == "" {
		to = "latest"
	}
	if from == "" {
		list, err := st.List(ctx, "")
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, store.ErrNotFound
		}
		newest := list
		if to != "latest" {
			for i, info := range list {
				if fmt.Sprint(info.ID) == to {
					newest = list[i:]
				}
			}
		}
		if from, err = previousSnapshot(newest, 0); err != nil {
			return nil, err
		}
	}
	oldG, oldLabel, err := r.app.resolve(ctx, st, from)
	if err != nil {
		return nil, storeErr(err)
	}
	newG, newLabel, err := r.app.resolve(ctx, st, to)
	if err != nil {
		return nil, storeErr(err)
	}
	d := drift.Compare(oldG, newG)
	d.From, d.To = oldLabel, newLabel
	if err := r.app.findingsDrift(ctx, d, oldG, newG, r.cfgFile); err != nil {
		return nil, err
	}
	return d, nil
}

// storeErr makes a usage error of the store's answer a bad request.
func storeErr(err error) error {
	var ue *UsageError
	if errors.As(err, &ue) {
		return web.BadInput(err)
	}
	return err
}

// Reload loads the store's latest merged state when a scanner saved a
// snapshot since the resident one was loaded, and reports whether it did.
// Checking costs one listing of the snapshots' metadata.
func (r *Resident) Reload(ctx context.Context) (bool, error) {
	r.reload.Lock()
	defer r.reload.Unlock()
	st, err := r.openStore(ctx)
	if err != nil {
		return false, err
	}
	list, err := st.List(ctx, "")
	if err != nil || len(list) == 0 {
		return false, err
	}
	if cur := r.cur.Load(); cur != nil && cur.seen == list[0].ID {
		return false, nil
	}
	state, err := st.StateAt(ctx, list[0].ID)
	if err != nil {
		return false, err
	}
	r.Set(state.Graph, stateLabel(state), list[0].ID)
	return true, nil
}

// Watch reloads every interval until ctx is cancelled; a failed check is
// logged and the resident state stands.
func (r *Resident) Watch(ctx context.Context, every time.Duration) {
	log := zerolog.Ctx(ctx)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		changed, err := r.Reload(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn().Err(err).Msg("store check failed; serving the graph already loaded")
		case changed:
			s := r.State()
			log.Info().Int64("snapshot", s.Snapshot).Int("nodes", s.Graph.Len()).Msg("reloaded the store's latest state")
		}
	}
}
