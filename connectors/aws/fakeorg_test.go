package aws

import (
	"net/http"
	"slices"
)

// org answers the AWS Organizations calls (JSON 1.1,
// AWSOrganizationsV20161128 target), paged by NextToken.
func (f *fakeAWS) org(w http.ResponseWriter, op string, in map[string]any) {
	token, _ := in["NextToken"].(string)
	switch op {
	case "ListAccounts":
		from, to, next := page(len(f.orgAccounts), f.pageSize, token)
		out := map[string]any{"Accounts": f.orgAccounts[from:to]}
		if next != "" {
			out["NextToken"] = next
		}
		writeJSON(w, out)
	case "ListParents":
		child, _ := in["ChildId"].(string)
		p, ok := f.parents[child]
		if !ok {
			f.fail(w, "json", http.StatusBadRequest, "ChildNotFoundException", "no such child "+child)
			return
		}
		typ := "ORGANIZATIONAL_UNIT"
		if len(p) > 2 && p[:2] == "r-" {
			typ = "ROOT"
		}
		writeJSON(w, map[string]any{"Parents": []any{map[string]any{"Id": p, "Type": typ}}})
	case "DescribeOrganizationalUnit":
		id, _ := in["OrganizationalUnitId"].(string)
		writeJSON(w, map[string]any{"OrganizationalUnit": map[string]any{"Id": id, "Name": f.ous[id],
			"Arn": "arn:aws:organizations::" + f.account + ":ou/o-exampleorg/" + id}})
	case "ListTagsForResource":
		id, _ := in["ResourceId"].(string)
		var keys []string
		for k := range f.orgTags[id] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		tags := []any{}
		for _, k := range keys {
			tags = append(tags, map[string]any{"Key": k, "Value": f.orgTags[id][k]})
		}
		writeJSON(w, map[string]any{"Tags": tags})
	}
}
