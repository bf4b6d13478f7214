package systemd

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// TestSetCredential: SetCredential= writes the credential's value into the
// unit, an inline secret recorded by key, fingerprint, file and line; a
// SetCredentialEncrypted= value is ciphertext sealed with the host's key,
// fingerprinted but not reported; neither value reaches the graph.
func TestSetCredential(t *testing.T) {
	const (
		plain  = "fake-set-credential-value"
		sealed = "Whxqht+dQJax1aZeCGLxmiAAAAABAAAADAAAABAAAAC1lFmbWAqWZ8dCCQkAAAAAgAAAA"
	)
	unit := "[Service]\nExecStart=/usr/bin/app\nSetCredential=seed:" + plain + "\nSetCredential=empty:\nSetCredentialEncrypted=api:" + sealed + "\n"
	b := graph.NewBuilder()
	e := emitter{b: b, ref: unitRef{file: "root/etc/systemd/system/app.service", onHost: "/etc/systemd/system/app.service", unit: "/etc/systemd/system/app.service"}}
	e.ref.host.Name, e.ref.host.Root = "h", "root"
	e.read([]byte(unit))
	g := b.Build()
	n, ok := g.Node("host:h/etc/systemd/system/app.service")
	if !ok {
		t.Fatal("no service node")
	}
	want := []secretlit.Record{{Key: "SetCredential=seed", Fingerprint: secretlit.Fingerprint(plain), File: "etc/systemd/system/app.service", Line: 3}}
	if diff := cmp.Diff(want, graph.DecodeInlineSecrets(n.Attrs[graph.AttrHardcodedCredentials])); diff != "" {
		t.Errorf("inline-secret records (-want +got):\n%s", diff)
	}
	if got := n.Attrs["set_credential.api"]; got != secretlit.Fingerprint(sealed) {
		t.Errorf("set_credential.api = %q, want the sealed value's fingerprint", got)
	}
	for _, v := range []string{plain, sealed} {
		if strings.Contains(g.String(), v) {
			t.Errorf("the graph holds the value %q", v)
		}
	}
}
