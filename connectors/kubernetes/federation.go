package kubernetes

import (
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Workload identity federation annotations on a ServiceAccount (besides
// IRSA's): GKE binds it to a Google service account, Azure to a managed
// identity (or application) by client ID, in a tenant the account may
// name.
const (
	annGKE         = "iam.gke.io/gcp-service-account"
	annAzureClient = "azure.workload.identity/client-id"
	annAzureTenant = "azure.workload.identity/tenant-id"
	// labelAzureUse on a pod asks Azure's webhook to project the token of
	// the service account's identity into it.
	labelAzureUse = "azure.workload.identity/use"
)

// federation maps the GKE and Azure Workload Identity annotations of the
// service account id: it assumes the cloud identity they name.
func (e *emitter) federation(o scope, id string) {
	anns := map[string]kv{}
	for _, an := range o.pairs(o.get(o.get(o.Root, "metadata"), "annotations")) {
		anns[an.key] = an
	}
	if an, ok := anns[annGKE]; ok && strings.TrimSpace(an.val) != "" {
		email := strings.TrimSpace(an.val)
		var attrs map[string]string
		if templated(email) || !strings.Contains(email, "@") {
			attrs = map[string]string{"unresolved": graph.EncodeList([]string{email})}
		}
		gid := "gcp:serviceAccount:" + email
		e.stub(gid, graph.Identity, "gcp-service-account", email, attrs, o.File, an.line)
		e.edge(id, gid, graph.Assumes, map[string]string{"via": "gke-workload-identity"}, o.File, an.line)
	}
	if an, ok := anns[annAzureClient]; ok && strings.TrimSpace(an.val) != "" {
		client := strings.TrimSpace(an.val)
		tenant := strings.TrimSpace(anns[annAzureTenant].val)
		aid, attrs := "azure:"+client, map[string]string{"client_id": client}
		if tenant != "" {
			aid, attrs["tenant_id"] = "azure:"+tenant+"/"+client, tenant
		}
		if templated(client) || templated(tenant) {
			attrs["unresolved"] = graph.EncodeList([]string{strings.TrimPrefix(aid, "azure:")})
		}
		e.stub(aid, graph.Identity, "azure-managed-identity", client, attrs, o.File, an.line)
		e.edge(id, aid, graph.Assumes, map[string]string{"via": "azure-workload-identity"}, o.File, an.line)
	}
}
