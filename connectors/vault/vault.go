// Package vault maps HashiCorp Vault: its mounts, the KV secrets and
// dynamic roles in them (metadata only), the ACL policies and which of those
// they grant, and the auth roles that log in as what and hold which
// policies.
//
// It reads a live Vault through vault/api when the configuration asks for
// one, and recorded inventories (the same API responses saved as JSON) met
// in a scan, through the same code: both are a Client, the narrow LIST and
// READ interface. Every request goes through a guard that refuses, before
// anything is sent, a path that could return a secret value: KV v2 data/,
// any read of a KV v1 secret, creds/, static-creds/, issue/ and the like.
// docs/vault.md is the reference; convene-reader.hcl the least-privilege
// policy it needs.
package vault

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "vault"

// ReaderPolicy is the Vault policy convene needs: list and read on sys/
// mount, auth and policy metadata, KV metadata/ and role definitions, and
// nothing on data/ or creds/.
//
//go:embed convene-reader.hcl
var ReaderPolicy string

// Connector reads recorded Vault inventories and, when configured, live
// Vault clusters.
type Connector struct {
	cfg config.Vault
	// newClient builds the client of a live cluster and names its address;
	// tests replace it.
	newClient func(cl config.VaultCluster, workers int) (Client, string, error)
}

// New returns the vault connector configured by cfg (nil for the defaults:
// recorded inventories only).
func New(cfg *config.Config) *Connector {
	c := &Connector{newClient: NewAPIClient}
	if cfg != nil {
		c.cfg = cfg.Vault
	}
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	reads = "recorded Vault inventories (*.json with the " + FormatMarker + " marker) and, when vault.enabled " +
		"or a cluster is enabled, live Vault: sys/mounts, sys/auth, sys/policies/acl, KV metadata/ " +
		"(never data/), auth roles, database/aws/pki roles"
	needs = "read access to the files; for live Vault, VAULT_ADDR and a token (VAULT_TOKEN or token_env) " +
		"holding only the policy connectors/vault/convene-reader.hcl (docs/vault.md): list and read on sys/mounts, " +
		"sys/auth, sys/policies/acl, KV metadata/, auth roles and role definitions; deny on data/, creds/, static-creds/"
	return reads, needs
}

// Claims takes JSON files whose first bytes carry the inventory marker.
func (*Connector) Claims(path string, head []byte) bool {
	return strings.HasSuffix(path, ".json") && strings.Contains(string(head), `"`+FormatMarker+`"`)
}

// Discover reads the recorded inventories routed to it, then the live
// clusters the configuration enables. A cluster that is unreachable or
// sealed fails this connector with an error naming its address; the files
// and other clusters still land.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		inv, err := ReadInventory(p)
		if err != nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: inventoryErrorLine(err), Severity: graph.Error,
				Message: fmt.Sprintf("%v; file skipped (record it again)", err)})
			continue
		}
		opts := Options{Cluster: inv.Cluster, Source: p, Recorded: true, Workers: 4}
		if err := Scan(ctx, NewReplay(inv), b, opts); err != nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("recorded inventory cannot be read: %v", err)})
		}
	}
	var errs []error
	for _, cl := range c.cfg.LiveClusters() {
		if err := c.live(ctx, cl, b); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// live scans one cluster, first checking it is reachable and unsealed.
func (c *Connector) live(ctx context.Context, cl config.VaultCluster, b *graph.Builder) error {
	client, addr, err := c.newClient(cl, c.cfg.Workers(cl))
	if err != nil {
		return fmt.Errorf("vault cluster %q: %w", cl.Name, err)
	}
	st, err := client.Read(ctx, "sys/seal-status")
	switch {
	case err != nil:
		return fmt.Errorf("vault at %s cannot be reached: %w", addr, err)
	case str(st["sealed"]) == "true":
		return fmt.Errorf("vault at %s is sealed; unseal it and scan again", addr)
	}
	return Scan(ctx, client, b, Options{Cluster: cl.Name, Source: addr, Workers: c.cfg.Workers(cl)})
}

// Options tune one Scan.
type Options struct {
	// Cluster is the cluster's name in the configuration, "" for the
	// default one; it decides the ID prefix.
	Cluster string
	// Source names the responses in evidence: the address, or the file of
	// a recording.
	Source string
	// Recorded says Source is a recording file.
	Recorded bool
	// Workers bounds the requests in flight.
	Workers int
	// Requests, when not nil, receives the number of requests sent.
	Requests *int64
}

// Scan maps one Vault through c into b. It returns an error only when the
// mount table cannot be read at all (unreachable, sealed, bad token);
// anything less is a diagnostic.
func Scan(ctx context.Context, c Client, b *graph.Builder, o Options) error {
	s := newScanner(c, b, o.Cluster, o.Source, o.Recorded, o.Workers)
	err := s.scan(ctx)
	if o.Requests != nil {
		*o.Requests = s.c.requests.Load()
	}
	if err != nil {
		return fmt.Errorf("read mount table of %s: %w", o.Source, err)
	}
	return nil
}
