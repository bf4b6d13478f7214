package shellcmd

import "testing"

func TestProgram(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"/usr/local/bin/backup.sh --full", "backup.sh"},
		{"cd / && run-parts --report /etc/cron.hourly", "run-parts"},
		{"test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }", "run-parts"},
		{"[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi", "sessionclean"},
		{`VAULT_TOKEN="$(cat /etc/vault/token)" PGPASSWORD=x pg_dump -h db | gzip > /srv/d.gz`, "pg_dump"},
		{". /etc/backup/restic.env && restic backup /srv", "restic"},
		{"flock -n /run/lock/x.lock nice -n 10 timeout 5m /opt/sync/run", "run"},
		{"sudo -u app env FOO=1 python3 /opt/app/job.py", "python3"},
		{"echo hello", "echo"},
		{"$HOME/bin/job", "job"},
	} {
		if got := Program(tc.in); got != tc.want {
			t.Errorf("Program(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzProgram checks that Program never panics and returns only characters
// safe in a node ID.
func FuzzProgram(f *testing.F) {
	for _, s := range []string{"cd / && run-parts --report /etc/cron.hourly", "sudo -u app env A=1 python3 x.py",
		`PGPASSWORD="$(vault kv get -field=p secret/x)" pg_dump | gzip`, "if [ -x /a ]; then /a; fi", "'unterminated", "$(", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range Program(s) {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '+' || r == '-') {
				t.Fatalf("Program(%q) = %q holds %q", s, Program(s), r)
			}
		}
	})
}
