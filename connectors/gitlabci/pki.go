package gitlabci

import (
	"path"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// pkiReads writes a reads edge from the job to each Vault PKI role its
// script issues certificates from (vault write <mount>/issue/<role>, or
// sign/), so that revoking or re-scoping the role reaches the job.
func (e *emitter) pkiReads(j *job, jobID string) {
	for _, s := range j.scripts {
		for _, f := range shellcmd.Scan(s.text) {
			if (f.Kind != shellcmd.VaultWrite && f.Kind != shellcmd.VaultRead) || f.VaultType != "certificate" || f.Unresolved {
				continue
			}
			evs := ev(s.file, s.line)
			e.node(f.VaultID, graph.Credential, "certificate", path.Base(f.Value), nil, evs)
			op := "write"
			if f.Kind == shellcmd.VaultRead {
				op = "read"
			}
			e.edge(jobID, f.VaultID, graph.Reads, map[string]string{"via": "script", "vault_op": op}, evs)
		}
	}
}
