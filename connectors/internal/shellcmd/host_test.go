package shellcmd

import "testing"

func TestLocate(t *testing.T) {
	var hs Hosts
	for _, tc := range []struct{ in, root, onHost string }{
		{"hosts/b1/etc/cron.d/x", "hosts/b1", "/etc/cron.d/x"},
		{"/etc/crontab", "/", "/etc/crontab"},
		{"etc/crontab", ".", "/etc/crontab"},
		{"t/h2/usr/lib/systemd/system/a.timer", "t/h2", "/usr/lib/systemd/system/a.timer"},
		{"t/h2/lib/systemd/system/a.timer", "t/h2", "/lib/systemd/system/a.timer"},
		{"/srv/copy/var/spool/cron/crontabs/alice", "/srv/copy", "/var/spool/cron/crontabs/alice"},
	} {
		h, on, ok := hs.Locate(tc.in, "etc/", "var/spool/cron/", "usr/lib/systemd/", "lib/systemd/", "etc/systemd/")
		if !ok || h.Root != tc.root || on != tc.onHost {
			t.Errorf("Locate(%q) = %q %q %v, want %q %q", tc.in, h.Root, on, ok, tc.root, tc.onHost)
		}
	}
	if _, _, ok := hs.Locate("a/b/c", "etc/"); ok {
		t.Error("Locate matched without a marker")
	}
}
