package vaultaudit

import (
	"strings"
	"time"
)

// entry is what convene reads of one audit entry. It has no field for
// request.data or response.data, nor for the client token: the decoder
// skips them, so a value a device logs raw (log_raw) never reaches memory
// that outlives the decoding of its line.
type entry struct {
	Time    string  `json:"time"`
	Type    string  `json:"type"`
	Auth    auth    `json:"auth"`
	Request request `json:"request"`
	Error   string  `json:"error"`
}

type auth struct {
	DisplayName   string   `json:"display_name"`
	Policies      []string `json:"policies"`
	TokenPolicies []string `json:"token_policies"`
	Metadata      metadata `json:"metadata"`
	EntityID      string   `json:"entity_id"`
	TokenType     string   `json:"token_type"`
}

// metadata holds the auth methods' metadata keys that name who logged in.
type metadata struct {
	Role                    string `json:"role"`
	RoleName                string `json:"role_name"`
	ServiceAccountName      string `json:"service_account_name"`
	ServiceAccountNamespace string `json:"service_account_namespace"`
	Username                string `json:"username"`
	AuthType                string `json:"auth_type"`
	CanonicalARN            string `json:"canonical_arn"`
}

type request struct {
	Operation     string    `json:"operation"`
	Path          string    `json:"path"`
	RemoteAddress string    `json:"remote_address"`
	MountType     string    `json:"mount_type"`
	MountPoint    string    `json:"mount_point"`
	Namespace     namespace `json:"namespace"`
}

type namespace struct {
	Path string `json:"path"`
}

func (e *entry) time() time.Time {
	t, err := time.Parse(time.RFC3339Nano, e.Time)
	if err != nil {
		return time.Time{}
	}
	return t
}

// method guesses the auth method of the token from its metadata: each
// method sets its own keys.
func (a *auth) method() string {
	m := a.Metadata
	switch {
	case m.ServiceAccountName != "" || m.ServiceAccountNamespace != "":
		return "kubernetes"
	case m.RoleName != "":
		return "approle"
	case m.AuthType != "" || m.CanonicalARN != "":
		return "aws"
	case m.Role != "":
		return "jwt"
	case m.Username != "":
		return "userpass"
	}
	return ""
}

// roleName is the name under the auth mount: a role, or a userpass user.
func (a *auth) roleName() string {
	m := a.Metadata
	switch {
	case m.RoleName != "":
		return m.RoleName
	case m.Role != "":
		return m.Role
	}
	return m.Username
}

// mountFromDisplayName recovers the auth mount from the token's display
// name, which Vault builds as the mount path (slashes as dashes) followed
// by "-" and the alias: kubernetes-<namespace>-<account>, userpass-<user>,
// or the mount path alone for approle.
func (a *auth) mountFromDisplayName() string {
	d := a.DisplayName
	m := a.Metadata
	var suffix string
	switch {
	case m.ServiceAccountName != "":
		suffix = "-" + m.ServiceAccountNamespace + "-" + m.ServiceAccountName
	case m.Username != "":
		suffix = "-" + m.Username
	case m.RoleName != "":
		return d
	default:
		return ""
	}
	if mount, ok := strings.CutSuffix(d, suffix); ok && mount != "" {
		return mount
	}
	return ""
}
