package kubernetes

import (
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPrivateKeyNeverStored proves that the private key of the fixture's
// TLS Secret reaches the graph as a fingerprint only: neither the base64
// text, nor the decoded PEM, nor the key's body appears in the output.
func TestPrivateKeyNeverStored(t *testing.T) {
	got := scan(t, New(nil), []string{filepath.ToSlash(filepath.Join("testdata", "in", "certmanager.yaml"))})
	pem := "-----BEGIN PRIVATE KEY-----\nRklYVFVSRS1OT1QtQS1SRUFMLUtFWQ==\n-----END PRIVATE KEY-----\n"
	for _, s := range []string{base64.StdEncoding.EncodeToString([]byte(pem)), "RklYVFVSRS1OT1QtQS1SRUFMLUtFWQ", "FIXTURE-NOT-A-REAL-KEY", "BEGIN PRIVATE KEY"} {
		if strings.Contains(got, s) {
			t.Errorf("graph holds key material %q", s)
		}
	}
	if !strings.Contains(got, `hardcoded_credentials="[{\"key\":\"data.tls.key\",\"fingerprint\":\"sha256:`) {
		t.Error("the committed private key was not recorded")
	}
}

func TestIsPrivateKey(t *testing.T) {
	tests := map[string]bool{
		"-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----":   true,
		"-----BEGIN RSA PRIVATE KEY-----\nx":                          true,
		"-----BEGIN OPENSSH PRIVATE KEY-----":                         true,
		"-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----":   false,
		"PRIVATE KEY----- appears before -----BEGIN CERTIFICATE-----": false,
		"": false,
	}
	got := map[string]bool{}
	for in := range tests {
		got[in] = isPrivateKey([]byte(in))
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("isPrivateKey (-want +got):\n%s", diff)
	}
}
