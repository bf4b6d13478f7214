package gitlab

import (
	"reflect"
	"strings"
	"testing"
)

// TestNoValueField guards the decoding types: a field holding a
// variable's value (or a schedule's variables) must never be added, so that
// the JSON decoder keeps skipping them.
func TestNoValueField(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeOf(variable{}), reflect.TypeOf(schedule{}), reflect.TypeOf(accessToken{}), reflect.TypeOf(deployToken{})} {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag := strings.Split(f.Tag.Get("json"), ",")[0]
			if tag == "value" || tag == "variables" || tag == "token" {
				t.Errorf("%s.%s decodes %q", typ.Name(), f.Name, tag)
			}
		}
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		text, key string
		want      bool
	}{
		{`curl -H "T: $RELEASE_TOKEN"`, "RELEASE_TOKEN", true},
		{`echo ${RELEASE_TOKEN}`, "RELEASE_TOKEN", true},
		{`echo $RELEASE_TOKEN_OLD`, "RELEASE_TOKEN", false},
		{`echo RELEASE_TOKEN`, "RELEASE_TOKEN", false},
		{`$X $RELEASE_TOKEN`, "RELEASE_TOKEN", true},
		{``, "K", false},
	}
	for _, tt := range tests {
		if got := mentions(tt.text, tt.key); got != tt.want {
			t.Errorf("mentions(%q, %q) = %v", tt.text, tt.key, got)
		}
	}
}

func TestWantedFile(t *testing.T) {
	for p, want := range map[string]bool{
		".gitlab-ci.yml": true, "ci/release.gitlab-ci.yml": true, ".gitlab/CODEOWNERS": true, "docs/CODEOWNERS": true,
		"src/CODEOWNERS": false, "catalog-info.yaml": true, "ci/vault.yml": false, "README.md": false,
	} {
		if got := wantedFile(p); got != want {
			t.Errorf("wantedFile(%q) = %v", p, got)
		}
	}
}

func FuzzMentions(f *testing.F) {
	f.Add("script: curl $TOKEN ${OTHER}", "TOKEN")
	f.Fuzz(func(t *testing.T, text, key string) {
		if key == "" {
			return
		}
		mentions(text, key)
	})
}
