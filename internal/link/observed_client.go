package link

import (
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// clientAttrs are the carrier attributes an observed client keeps: how it
// authenticated and where from, never a credential.
var clientAttrs = []string{"auth_method", "display_name", "entity_id", "token_type", "service_account",
	"aws_principal", "vault_namespace", "policies", "identity_type", "user_agent_family", "aws_region",
	"account", "access_key_id", "source_address", "source_log"}

// client writes an observed-client workload for a use no configured edge
// explains: its ID is the client's stable key (auth role and entity, or
// key, address and user-agent family), never a time. It depends on the
// object with an edge of basis observed, and on the identity it
// presented.
func (m *obsMatcher) client(u observedUse, b *graph.Builder) {
	id := "observed-client:" + u.client
	attrs := map[string]string{}
	for _, k := range clientAttrs {
		if v, ok := u.node.Attrs[k]; ok {
			attrs[k] = v
		}
	}
	if u.subject != "" {
		attrs["principal"] = u.subject
	}
	if addrs := u.addresses(); len(addrs) > 0 {
		attrs[graph.AttrAddresses] = graph.EncodeList(addrs)
		if host := m.hostOf(addrs[0]); host != "" {
			attrs["host"] = host
		}
	}
	ev := u.evidence(observedRule + ": no configured consumer matches this use")
	b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: ObservedClientType, Name: clientName(u, attrs),
		Attrs: attrs, Evidence: ev})
	b.AddEdge(graph.Edge{From: id, To: u.object, Kind: u.kind, Attrs: map[string]string{"hidden_consumer": "true"}, Evidence: ev})
	if u.subject != "" && u.subject != u.object {
		if _, ok := m.g.Node(u.subject); ok {
			kind := graph.RunsAs
			if strings.HasPrefix(u.subject, "vault") {
				kind = graph.AuthenticatesAs
			}
			b.AddEdge(graph.Edge{From: id, To: u.subject, Kind: kind, Evidence: u.evidence(observedRule + ": the identity this client presented")})
		}
	}
}

// clientName says who the client is in words a reviewer can act on: "Boto3
// client at 203.0.113.77", "vault:auth/approle/role/backup-agent from
// 198.51.100.23".
func clientName(u observedUse, attrs map[string]string) string {
	addr := strings.Join(graph.DecodeList(attrs[graph.AttrAddresses]), ", ")
	if u.kind == graph.Uses && attrs["access_key_id"] != "" {
		who := "client"
		if ua := attrs["user_agent_family"]; ua != "" {
			who = ua + " client"
		}
		if addr == "" {
			return who + " with no recorded address"
		}
		return who + " at " + addr
	}
	who := u.client
	if i := strings.Index(who, "#"); i > 0 {
		who = who[:i]
	}
	if addr != "" {
		who += " from " + addr
	}
	if ua := attrs["user_agent_family"]; ua != "" {
		who += fmt.Sprintf(" (%s)", ua)
	}
	return who
}
