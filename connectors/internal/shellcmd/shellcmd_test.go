package shellcmd

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Fact
	}{
		{"kv get with field", `restic -r s3:x backup /srv --password-command "vault kv get -field=password secret/backup/restic"`,
			[]Fact{{Kind: VaultRead, Value: "secret/backup/restic", VaultID: "vault:secret/backup/restic", VaultType: "vault-kv-secret", Field: "password", Pos: 47}}},
		{"kv get with mount", "vault kv get -mount=secret -field password payments/db",
			[]Fact{{Kind: VaultRead, Value: "secret/payments/db", VaultID: "vault:secret/payments/db", VaultType: "vault-kv-secret", Field: "password"}}},
		{"vault read creds", "export PGPASSWORD=$(vault read -field=password database/creds/warehouse-readonly) && pg_dump",
			[]Fact{
				{Kind: CredentialEnv, Name: "PGPASSWORD", Pos: 7},
				{Kind: VaultRead, Value: "database/roles/warehouse-readonly", VaultID: "vault:database/roles/warehouse-readonly", VaultType: "vault-dynamic-role", Field: "password", Pos: 20},
			}},
		{"vault write", "vault write -f pki/issue/web common_name=x",
			[]Fact{{Kind: VaultWrite, Value: "pki/roles/web", VaultID: "vault:pki/roles/web", VaultType: "certificate"}}},
		{"vault login approle", "vault login -method=approle role_id=$ROLE_ID secret_id=s3cr3t",
			[]Fact{
				{Kind: VaultLogin, Method: "approle", Mount: "approle"},
				{Kind: InlineSecret, Name: "secret_id", Fingerprint: Fingerprint("s3cr3t"), Pos: 45},
			}},
		{"vault login role", "vault login -method=kubernetes -path=k8s role=batch",
			[]Fact{{Kind: VaultLogin, Method: "kubernetes", Mount: "k8s", Role: "batch"}}},
		{"aws profile", "aws --profile backup s3 sync /srv s3://bucket",
			[]Fact{{Kind: AWSProfile, Value: "backup", Pos: 4}}},
		{"aws profile env", "AWS_PROFILE=backup /usr/local/bin/aws s3 ls",
			[]Fact{{Kind: AWSProfile, Value: "backup"}, {Kind: AWSProfile, Value: "default", Implicit: true, Pos: 19}}},
		{"assume role", "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/backup-writer --role-session-name x",
			[]Fact{
				{Kind: AWSProfile, Value: "default", Implicit: true},
				{Kind: AssumeRole, Value: "arn:aws:iam::111122223333:role/backup-writer", Pos: 20},
			}},
		{"source", ". /etc/backup/restic.env; source '/etc/x env'",
			[]Fact{{Kind: Source, Value: "/etc/backup/restic.env"}, {Kind: Source, Value: "/etc/x env", Pos: 26}}},
		{"inline env", "PGPASSWORD=changeme psql",
			[]Fact{{Kind: CredentialEnv, Name: "PGPASSWORD"}, {Kind: InlineSecret, Name: "PGPASSWORD", Fingerprint: Fingerprint("changeme")}}},
		{"password flag", "mysqldump --password 'hunter 2' db",
			[]Fact{{Kind: InlineSecret, Name: "--password", Fingerprint: Fingerprint("hunter 2"), Pos: 10}}},
		// The name rule is secretlit's: an access key's ID names a
		// credential but is no secret; compound names and connection
		// strings are secrets, a URL without a password is not.
		{"access key id", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE cmd",
			[]Fact{{Kind: CredentialEnv, Name: "AWS_ACCESS_KEY_ID"}, {Kind: AccessKeyID, Value: "AKIAIOSFODNN7EXAMPLE"}}},
		{"compound name", "GHTOKEN=ghx-not-real gh",
			[]Fact{{Kind: CredentialEnv, Name: "GHTOKEN"}, {Kind: InlineSecret, Name: "GHTOKEN", Fingerprint: Fingerprint("ghx-not-real")}}},
		{"url with password", "DATABASE_URL=postgres://app:pw-not-real@db/app cmd",
			[]Fact{{Kind: CredentialEnv, Name: "DATABASE_URL"}, {Kind: InlineSecret, Name: "DATABASE_URL", Fingerprint: Fingerprint("postgres://app:pw-not-real@db/app")}}},
		{"url without password", "DATABASE_URL=postgres://app@db/app cmd",
			[]Fact{{Kind: CredentialEnv, Name: "DATABASE_URL"}}},
		{"shell pwd", "PWD=/srv/app OLDPWD=/ cmd", nil},
		{"setting about a token", "VAULT_TOKEN_TTL=768h-not-a-secret cmd", nil},
		// A secret echoed into a command that reads one from its input.
		{"echoed into a login", "echo 'fake pass' | docker login -u ci --password-stdin r.example",
			[]Fact{{Kind: InlineSecret, Name: "stdin: docker login --password-stdin", Fingerprint: Fingerprint("fake pass"), Pos: 5}}},
		{"printf into chpasswd", `printf '%s\n' svc:fake-pass | sudo chpasswd`,
			[]Fact{{Kind: InlineSecret, Name: "stdin: chpasswd", Fingerprint: Fingerprint("svc:fake-pass"), Pos: 14}}},
		{"echoed variable", `echo "$REGISTRY_PASSWORD" | docker login --password-stdin r.example`, nil},
		{"echoed into another command", "echo hello | mail ops", nil},
		{"not a secret", "RESTIC_REPOSITORY=s3:x HOME=/root cmd # PASSWORD=x", nil},
		{"not the program", "cp /opt/aws /usr/local/bin/vault", nil},
		{"quoted operators", `echo "a;vault read x" 'b && aws'`, nil},
		{"sh -c", `su backup -c 'vault read secret/x'`,
			[]Fact{{Kind: VaultRead, Value: "secret/x", VaultID: "vault:secret/x", VaultType: "vault-kv-secret", Pos: 14}}},
		{"sudo wrapper", "sudo -u backup /usr/bin/vault kv get secret/backup/s3",
			[]Fact{{Kind: VaultRead, Value: "secret/backup/s3", VaultID: "vault:secret/backup/s3", VaultType: "vault-kv-secret", Pos: 15}}},
		{"unresolved", "vault kv get secret/${ENV}/db",
			[]Fact{{Kind: VaultRead, Value: "secret/${ENV}/db", VaultID: "vault:secret/${ENV}/db", VaultType: "vault-kv-secret", Unresolved: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Scan(tt.in)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(Fact{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Scan(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PGPASSWORD=changeme psql -h db", "PGPASSWORD=" + Fingerprint("changeme") + " psql -h db"},
		{"mysql --password='x y' db", "mysql --password=" + Fingerprint("x y") + " db"},
		{"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls", "AWS_ACCESS_KEY_ID=" + Fingerprint("AKIAIOSFODNN7EXAMPLE") + " aws s3 ls"},
		{"curl https://bob:pa55@example.com/x", "curl https://bob:" + Fingerprint("pa55") + "@example.com/x"},
		{"vault login s.abcdef", "vault login " + Fingerprint("s.abcdef")},
		{"echo -n fake-pass | podman login --password-stdin q.io", "echo -n " + Fingerprint("fake-pass") + " | podman login --password-stdin q.io"},
		{"PGPASSWORD=$(cat /etc/pw) psql", "PGPASSWORD=$(cat /etc/pw) psql"},
	}
	for _, tt := range tests {
		got, _ := ScanMasked(tt.in)
		if got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEnvFile(t *testing.T) {
	got := EnvFile([]byte("# warehouse\nPGHOST=db\nexport PGPASSWORD=changeme-not-real\n\nBAD LINE\nMULTI=a\\\n  NOT_A_NAME=b\n"))
	want := []EnvVar{{Name: "PGHOST", Line: 2}, {Name: "PGPASSWORD", Line: 3, Credential: true}, {Name: "MULTI", Line: 6}}
	// An access key's ID is a credential's name too.
	got = append(got, EnvFile([]byte("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"))...)
	want = append(want, EnvVar{Name: "AWS_ACCESS_KEY_ID", Line: 1, Credential: true})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EnvFile (-want +got):\n%s", diff)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"vault kv get -field=password secret/backup/restic", `a "$(b 'c)' d` + "`e`", "x=$(", "PGPASSWORD=1 aws --profile p sts assume-role --role-arn a", "\\", "vault login -method=userpass password=x",
		"echo 'p w' | docker login --password-stdin r", "printf '%s\\n' u:p | chpasswd", "echo x |"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		masked, facts := ScanMasked(s)
		for _, fa := range facts {
			if fa.Pos < 0 || fa.Pos > len(s) {
				t.Fatalf("fact %+v out of text", fa)
			}
			if fa.Kind == InlineSecret && len(fa.Fingerprint) != len("sha256:")+12 {
				t.Fatalf("bad fingerprint %+v", fa)
			}
		}
		_ = strings.Count(masked, "sha256:")
	})
}
