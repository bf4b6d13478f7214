package vault

import "github.com/convene-dev/convene/graph"

// listFields are the role and auth role fields Vault holds as lists; they
// are kept as JSON arrays (graph.EncodeList) however the server spells
// them.
var listFields = map[string]bool{
	"allowed_domains": true, "role_arns": true, "policy_arns": true, "iam_groups": true,
	"bound_service_account_names": true, "bound_service_account_namespaces": true,
	"bound_audiences": true, "allowed_redirect_uris": true, "secret_id_bound_cidrs": true, "token_bound_cidrs": true,
	"bound_iam_principal_arn": true, "bound_iam_role_arn": true, "bound_account_id": true, "bound_ec2_instance_id": true,
	"bound_ami_id": true, "bound_region": true, "bound_vpc_id": true,
}

// setField sets attrs[k] from a role's field v: a list field as a JSON
// array, any other as its text.
func setField(attrs map[string]string, k string, v any) {
	if listFields[k] {
		setList(attrs, k, v)
		return
	}
	setStr(attrs, k, v)
}

// setList sets attrs[k] to v's items as a JSON array when there are any.
// Vault returns lists as arrays; a string (an older server, or a field
// written comma-separated) is split as Vault splits it on write.
func setList(attrs map[string]string, k string, v any) {
	var vs []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s := str(e); s != "" {
				vs = append(vs, s)
			}
		}
	case string:
		vs = graph.DecodeList(x)
	}
	if len(vs) > 0 {
		attrs[k] = graph.EncodeList(vs)
	}
}
