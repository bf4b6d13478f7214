package githubactions

import (
	"path"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
)

// pkiStep finds the Vault PKI roles a run: script issues certificates from
// (vault write <mount>/issue/<role>, or sign/): the job reads the role at
// run time, so revoking or re-scoping the role reaches it. Other commands
// of the script are left to the rules that read scripts for agents.
func pkiStep(s *step, file string, f *facts) {
	if s.run == "" {
		return
	}
	for _, fact := range shellcmd.Scan(s.run) {
		if (fact.Kind != shellcmd.VaultWrite && fact.Kind != shellcmd.VaultRead) || fact.VaultType != "certificate" || fact.Unresolved {
			continue
		}
		f.targets = append(f.targets, target{edge: "reads", id: fact.VaultID, kind: "credential", typ: "certificate",
			name:  path.Base(fact.Value),
			attrs: map[string]string{"via": "run", "step": s.name, "vault_op": map[shellcmd.Kind]string{shellcmd.VaultWrite: "write", shellcmd.VaultRead: "read"}[fact.Kind]},
			file:  file, line: s.line})
	}
}
