package shellcmd

import "testing"

func TestStdinSecret(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"docker login -u ci --password-stdin registry.example.com", "docker login --password-stdin"},
		{"sudo -u deploy podman login --password-stdin quay.io", "podman login --password-stdin"},
		{"helm registry login ghcr.io -u bot --password-stdin", "helm registry login --password-stdin"},
		{"gh auth login --with-token", "gh auth login --with-token"},
		{"/usr/sbin/chpasswd", "chpasswd"},
		{"chgpasswd", "chgpasswd"},
		{"passwd --stdin backup", "passwd --stdin"},
		{"smbpasswd -s -a svc", "smbpasswd -s"},
		{"htpasswd -i /etc/nginx/htpasswd bot", "htpasswd -i"},
		{"htpasswd -Bi /etc/nginx/htpasswd bot", "htpasswd -i"},
		{"kinit svc-backup@EXAMPLE.COM", "kinit"},
		{"vault login -", "vault login -"},
		{"vault login -method=userpass username=svc password=-", "vault login password=-"},
		{"vault write auth/approle/login role_id=x secret_id=-", "vault write secret_id=-"},
		{"openssl enc -d -aes256 -in x -passin stdin", "openssl -passin stdin"},
		{"gpg --batch --passphrase-fd 0 -d x.gpg", "gpg --passphrase-fd 0"},
		{"restic backup --password-file /dev/stdin /srv", "restic --password-file /dev/stdin"},
		{"cryptsetup open --key-file=- /dev/sdb1 data", "cryptsetup --key-file=-"},
		{"curl -d - https://example.com", ""}, // POST data, not a secret option
		{"cd / && docker login --password-stdin r.example", "docker login --password-stdin"},
		// Commands that read other input, or a secret from elsewhere.
		{"mail -s report ops", ""},
		{"psql -h db", ""},
		{"kinit -k -t /etc/krb5.keytab svc", ""},
		{"passwd -l backup", ""},
		{"vault login -method=userpass username=svc", ""},
		{"htpasswd -b /etc/htpasswd bot pw", ""},
		{"echo hunter2 | docker login --password-stdin r.example", ""}, // the pipe feeds it, not cron
		{"docker login -p x r.example || docker logout", ""},
		{"", ""},
	} {
		if got := StdinSecret(tc.in); got != tc.want {
			t.Errorf("StdinSecret(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzStdinSecret checks that StdinSecret never panics and names only a
// program and an option, never a stdin text it was not given.
func FuzzStdinSecret(f *testing.F) {
	for _, s := range []string{"docker login --password-stdin r", "echo x | chpasswd", "vault login -", "gpg --passphrase-fd=0", "'", "|", "a |"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := StdinSecret(s); len(got) > len(s)+len("login --password-stdin ") {
			t.Fatalf("StdinSecret(%q) = %q", s, got)
		}
	})
}
