package config

import (
	"fmt"
	"strings"
)

// Ownership tunes how owners are found beyond the owners file.
type Ownership struct {
	// TagKeys are the node attributes read as owner hints: tag.<key> for
	// cloud tags, Vault custom metadata and Kubernetes labels,
	// annotation.<key> for Kubernetes annotations. A hint whose value is a
	// team id, an e-mail, a handle or an alias of the owners file makes
	// that owner an owner of the node.
	TagKeys []string `yaml:"tag_keys"`
}

// notOwnerKeys name tools or processes, never people: refusing them keeps
// "Helm" or "argocd" from being reported as an owner.
var notOwnerKeys = []string{"app.kubernetes.io/managed-by", "helm.sh/chart", "app.kubernetes.io/created-by"}

func (o Ownership) validate(c *Config) []error {
	var errs []error
	for i, k := range o.TagKeys {
		key := fmt.Sprintf("ownership.tag_keys.%d", i)
		name, isTag := strings.CutPrefix(k, "tag.")
		if !isTag {
			name, _ = strings.CutPrefix(k, "annotation.")
		}
		switch {
		case name == "" || name == k:
			errs = append(errs, c.Errorf(key, "owner tag key %q must be tag.<key> or annotation.<key>, as node attributes are named (docs/ids.md), for example tag.team", k))
		case containsFold(notOwnerKeys, name):
			errs = append(errs, c.Errorf(key, "%q names the tool that manages a resource, not its owner; remove it from ownership.tag_keys", k))
		}
	}
	return errs
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
