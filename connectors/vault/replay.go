package vault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/convene-dev/convene/connectors/internal/jsonpos"
	"maps"
	"os"
	"sync"
)

// FormatMarker is the first key of a recorded inventory; the router claims
// files by it.
const FormatMarker = "convene_vault_inventory"

// Inventory is a recording of Vault's answers, keyed "LIST path" or
// "READ path". A path not in it answers 404.
type Inventory struct {
	// Format is the version of the recording format, 1.
	Format int `json:"convene_vault_inventory"`
	// Cluster is the cluster's name, "" for the default one.
	Cluster   string               `json:"cluster"`
	Responses map[string]*Response `json:"responses"`
}

// Response is one recorded answer: the keys of a LIST, the data of a READ,
// or the error status Vault gave.
type Response struct {
	Keys   []string       `json:"keys,omitempty"`
	Data   map[string]any `json:"data,omitempty"`
	Status int            `json:"status,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// ReadInventory reads a recording file.
func ReadInventory(path string) (*Inventory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if u := errors.Unwrap(err); u != nil {
			err = u
		}
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	return DecodeInventory(data)
}

// DecodeInventory parses a recording.
func DecodeInventory(data []byte) (*Inventory, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var inv Inventory
	if err := dec.Decode(&inv); err != nil {
		return nil, &inventoryError{err: err, data: data}
	}
	if inv.Format != 1 {
		return nil, fmt.Errorf("recorded Vault inventory format %d is not supported: this convene reads 1", inv.Format)
	}
	return &inv, nil
}

type inventoryError struct {
	err  error
	data []byte
}

func (e *inventoryError) Error() string { return "invalid recorded Vault inventory: " + e.err.Error() }
func (e *inventoryError) Unwrap() error { return e.err }

// inventoryErrorLine is the line of a JSON error, or 0.
func inventoryErrorLine(err error) int {
	var ie *inventoryError
	if !errors.As(err, &ie) {
		return 0
	}
	return jsonpos.Line(ie.data, err)
}

// replay answers from an Inventory.
type replay struct{ inv *Inventory }

// NewReplay returns a Client that answers from inv.
func NewReplay(inv *Inventory) Client { return replay{inv} }

func (r replay) get(key string) (*Response, error) {
	resp := r.inv.Responses[key]
	switch {
	case resp == nil:
		return nil, nil
	case resp.Status >= 400:
		return nil, &StatusError{Status: resp.Status, Msg: resp.Error}
	}
	return resp, nil
}

// List implements Client.
func (r replay) List(_ context.Context, path string) ([]string, error) {
	resp, err := r.get("LIST " + path)
	if resp == nil {
		return nil, err
	}
	return resp.Keys, nil
}

// Read implements Client.
func (r replay) Read(_ context.Context, path string) (map[string]any, error) {
	resp, err := r.get("READ " + path)
	if resp == nil {
		return nil, err
	}
	return resp.Data, nil
}

// Recorder is a Client that passes requests on and records the answers, to
// write a recorded inventory of a real Vault.
type Recorder struct {
	next Client
	mu   sync.Mutex
	inv  Inventory
}

// NewRecorder records what next answers.
func NewRecorder(next Client, cluster string) *Recorder {
	return &Recorder{next: next, inv: Inventory{Format: 1, Cluster: cluster, Responses: map[string]*Response{}}}
}

func (r *Recorder) record(key string, resp *Response, err error) {
	if err != nil {
		st := status(err)
		if st == 0 {
			return // a network error is not Vault's answer
		}
		resp = &Response{Status: st, Error: err.Error()}
		var se *StatusError
		if errors.As(err, &se) {
			resp.Error = se.Msg
		}
	}
	if resp == nil {
		return
	}
	r.mu.Lock()
	r.inv.Responses[key] = resp
	r.mu.Unlock()
}

// List implements Client.
func (r *Recorder) List(ctx context.Context, path string) ([]string, error) {
	keys, err := r.next.List(ctx, path)
	if err == nil && keys == nil {
		return nil, nil
	}
	r.record("LIST "+path, &Response{Keys: keys}, err)
	return keys, err
}

// Read implements Client.
func (r *Recorder) Read(ctx context.Context, path string) (map[string]any, error) {
	data, err := r.next.Read(ctx, path)
	if err == nil && data == nil {
		return nil, nil
	}
	r.record("READ "+path, &Response{Data: withoutStatements(data)}, err)
	return data, err
}

// statementFields are the SQL (or other) templates of database roles. They
// hold placeholders, not values, but a badly written one can embed a
// password; the connector never uses them, so recordings leave them out.
var statementFields = []string{"creation_statements", "revocation_statements", "rollback_statements",
	"renew_statements", "rotation_statements", "credential_config"}

func withoutStatements(data map[string]any) map[string]any {
	var out map[string]any
	for _, f := range statementFields {
		if _, ok := data[f]; ok {
			if out == nil {
				out = maps.Clone(data)
			}
			delete(out, f)
		}
	}
	if out == nil {
		return data
	}
	return out
}

// Inventory returns the recording, as JSON with sorted keys.
func (r *Recorder) Inventory() ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, err := json.MarshalIndent(&r.inv, "", "  ")
	return append(out, '\n'), err
}
