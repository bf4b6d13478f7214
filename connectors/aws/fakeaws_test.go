package aws

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeAWS answers the AWS APIs the connector calls, in AWS's documented
// wire formats (IAM and STS: query protocol with XML; Secrets Manager and
// ECS: JSON 1.1 with X-Amz-Target; Lambda and Scheduler: REST-JSON), for
// the real SDK clients pointed at it with BaseEndpoint. It tells regions
// apart by the SigV4 credential scope.
type fakeAWS struct {
	account  string
	pageSize int
	users    []fakeUser
	roles    []fakeRole
	policies []fakePolicy
	// Regional data, by region: JSON objects as the APIs return them.
	lambdas   map[string][]map[string]any
	secrets   map[string][]map[string]any
	taskDefs  map[string][]map[string]any
	schedules map[string][]map[string]any
	// certificates are ACM's DescribeCertificate objects (acm_live_test.go).
	certificates map[string][]map[string]any

	// throttle is how many times each operation answers "throttled"
	// before it succeeds; denied operations always answer AccessDenied.
	throttle map[string]int
	denied   map[string]bool

	// Organizations: accounts (ListAccounts items), each child's parent
	// ID, OU names by ID and tags by resource ID. deniedRoles answer
	// AssumeRole with AccessDenied.
	orgAccounts []map[string]any
	parents     map[string]string
	ous         map[string]string
	orgTags     map[string]map[string]string
	deniedRoles map[string]bool

	mu          sync.Mutex
	calls       map[string]int
	externalIDs []string
}

type fakeUser struct {
	name string
	keys []string
}

type fakeRole struct {
	name, path, trust string
	inline            map[string]string
	managed           []string
	// neverUsed answers an empty RoleLastUsed, as IAM does for a role
	// not used in the period it tracks.
	neverUsed bool
}

type fakePolicy struct {
	arn, name, document string
}

func (f *fakeAWS) start(t testing.TB) *httptest.Server {
	f.calls = map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return srv
}

func (f *fakeAWS) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

func (f *fakeAWS) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

var (
	roleAccount = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role/`)
	assumedKey  = regexp.MustCompile(`Credential=ASIAFAKE(\d{12})/`)
)

var scopeRegion = regexp.MustCompile(`Credential=[^/]+/\d+/([^/]+)/`)

func (f *fakeAWS) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	region := ""
	if m := scopeRegion.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		region = m[1]
	}
	var op, proto string
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		t := r.Header.Get("X-Amz-Target")
		op, proto = t[strings.LastIndexByte(t, '.')+1:], "json"
	case strings.HasPrefix(r.URL.Path, "/2015-03-31/functions"):
		op, proto = "ListFunctions", "rest"
	case r.URL.Path == "/schedules":
		op, proto = "ListSchedules", "rest"
	case strings.HasPrefix(r.URL.Path, "/schedules/"):
		op, proto = "GetSchedule", "rest"
	default:
		form, _ := url.ParseQuery(string(body))
		op, proto = form.Get("Action"), "query"
		if m := assumedKey.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			form.Set("X-Caller-Account", m[1])
		}
		body = []byte(form.Encode())
	}
	f.mu.Lock()
	f.calls[op]++
	throttled := f.throttle[op] > 0
	if throttled {
		f.throttle[op]--
	}
	f.mu.Unlock()
	switch {
	case throttled:
		f.fail(w, proto, http.StatusBadRequest, map[string]string{"query": "Throttling", "json": "ThrottlingException", "rest": "TooManyRequestsException"}[proto], "Rate exceeded")
		return
	case f.denied[op]:
		code := "AccessDeniedException"
		if proto == "query" {
			code = "AccessDenied"
		}
		f.fail(w, proto, http.StatusForbidden, code, "User: arn:aws:sts::"+f.account+":assumed-role/convene-read/convene-scan is not authorized to perform: "+op)
		return
	}
	switch proto {
	case "query":
		form, _ := url.ParseQuery(string(body))
		f.query(w, op, form)
	case "json":
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		f.json(w, op, region, in)
	case "rest":
		f.rest(w, r, op, region)
	}
}

func (f *fakeAWS) fail(w http.ResponseWriter, proto string, status int, code, msg string) {
	if proto == "query" {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`, code, esc(msg))
		return
	}
	if status == http.StatusBadRequest && proto == "rest" {
		status = http.StatusTooManyRequests
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func el(sb *strings.Builder, name, v string) {
	if v != "" {
		fmt.Fprintf(sb, "<%s>%s</%s>", name, esc(v), name)
	}
}

// page returns the items of a page starting at the marker, and the next
// marker ("" at the end).
func page(n, size int, marker string) (from, to int, next string) {
	from, _ = strconv.Atoi(marker)
	to = min(from+size, n)
	if to < n {
		next = strconv.Itoa(to)
	}
	return from, to, next
}

func (f *fakeAWS) query(w http.ResponseWriter, op string, form url.Values) {
	w.Header().Set("Content-Type", "text/xml")
	var sb strings.Builder
	ns := "https://iam.amazonaws.com/doc/2010-05-08/"
	switch op {
	case "GetCallerIdentity", "AssumeRole":
		ns = "https://sts.amazonaws.com/doc/2011-06-15/"
	}
	fmt.Fprintf(&sb, `<%sResponse xmlns="%s"><%sResult>`, op, ns, op)
	switch op {
	case "GetCallerIdentity":
		acct := f.account
		if a := form.Get("X-Caller-Account"); a != "" {
			acct = a
		}
		el(&sb, "Arn", "arn:aws:iam::"+acct+":user/scanner")
		el(&sb, "UserId", "AIDAFAKESCANNER000001")
		el(&sb, "Account", acct)
	case "AssumeRole":
		f.mu.Lock()
		f.externalIDs = append(f.externalIDs, form.Get("ExternalId"))
		denied := f.deniedRoles[form.Get("RoleArn")]
		f.mu.Unlock()
		if denied {
			f.fail(w, "query", http.StatusForbidden, "AccessDenied", "not authorized to perform sts:AssumeRole on "+form.Get("RoleArn"))
			return
		}
		key := "ASIAFAKEASSUMED00001"
		if m := roleAccount.FindStringSubmatch(form.Get("RoleArn")); m != nil {
			key = "ASIAFAKE" + m[1]
		}
		sb.WriteString("<Credentials>")
		el(&sb, "AccessKeyId", key)
		el(&sb, "SecretAccessKey", "fake-secret-for-tests")
		el(&sb, "SessionToken", "fake-session-token")
		el(&sb, "Expiration", "2099-01-01T00:00:00Z")
		sb.WriteString("</Credentials><AssumedRoleUser>")
		el(&sb, "Arn", "arn:aws:sts::"+f.account+":assumed-role/convene-read/convene-scan")
		el(&sb, "AssumedRoleId", "AROAFAKECONVENEREAD01:convene-scan")
		sb.WriteString("</AssumedRoleUser>")
	case "GetAccountAuthorizationDetails":
		f.authzXML(&sb, form.Get("Marker"))
	case "ListAccessKeys":
		user := form.Get("UserName")
		sb.WriteString("<AccessKeyMetadata>")
		for _, u := range f.users {
			if u.name != user {
				continue
			}
			for i, k := range u.keys {
				sb.WriteString("<member>")
				el(&sb, "UserName", u.name)
				el(&sb, "AccessKeyId", k)
				el(&sb, "Status", []string{"Active", "Inactive"}[i%2])
				el(&sb, "CreateDate", "2024-02-19T10:03:55Z")
				sb.WriteString("</member>")
			}
		}
		sb.WriteString("</AccessKeyMetadata><IsTruncated>false</IsTruncated>")
	case "GetAccessKeyLastUsed":
		el(&sb, "UserName", "unknown")
		sb.WriteString("<AccessKeyLastUsed>")
		el(&sb, "LastUsedDate", "2026-11-28T02:00:00Z")
		el(&sb, "ServiceName", "sts")
		el(&sb, "Region", "eu-west-1")
		sb.WriteString("</AccessKeyLastUsed>")
	default:
		http.Error(w, "unknown action "+op, http.StatusBadRequest)
		return
	}
	fmt.Fprintf(&sb, `</%sResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></%sResponse>`, op, op)
	_, _ = io.WriteString(w, sb.String())
}

// authzXML writes one page of GetAccountAuthorizationDetails: the users,
// then the roles, then the policies, pageSize items at a time.
func (f *fakeAWS) authzXML(sb *strings.Builder, marker string) {
	n := len(f.users) + len(f.roles) + len(f.policies)
	from, to, next := page(n, f.pageSize, marker)
	acct := f.account
	sb.WriteString("<UserDetailList>")
	for i := from; i < to && i < len(f.users); i++ {
		u := f.users[i]
		sb.WriteString("<member>")
		el(sb, "Path", "/")
		el(sb, "UserName", u.name)
		el(sb, "UserId", "AIDA"+strings.ToUpper(fmt.Sprintf("%016x", i)))
		el(sb, "Arn", "arn:aws:iam::"+acct+":user/"+u.name)
		el(sb, "CreateDate", "2022-03-14T09:12:44Z")
		sb.WriteString("<GroupList/><AttachedManagedPolicies/><UserPolicyList/></member>")
	}
	sb.WriteString("</UserDetailList><GroupDetailList/><RoleDetailList>")
	for i := max(from, len(f.users)); i < to && i < len(f.users)+len(f.roles); i++ {
		r := f.roles[i-len(f.users)]
		path := r.path
		if path == "" {
			path = "/"
		}
		sb.WriteString("<member>")
		el(sb, "Path", path)
		el(sb, "RoleName", r.name)
		el(sb, "RoleId", "AROA"+strings.ToUpper(fmt.Sprintf("%016x", i)))
		el(sb, "Arn", "arn:aws:iam::"+acct+":role"+path+r.name)
		el(sb, "CreateDate", "2023-01-18T11:02:37Z")
		el(sb, "AssumeRolePolicyDocument", url.PathEscape(r.trust))
		sb.WriteString("<InstanceProfileList/><RolePolicyList>")
		for _, name := range sortedKeys(r.inline) {
			sb.WriteString("<member>")
			el(sb, "PolicyName", name)
			el(sb, "PolicyDocument", url.PathEscape(r.inline[name]))
			sb.WriteString("</member>")
		}
		sb.WriteString("</RolePolicyList><AttachedManagedPolicies>")
		for _, p := range r.managed {
			sb.WriteString("<member>")
			el(sb, "PolicyName", p[strings.LastIndexByte(p, '/')+1:])
			el(sb, "PolicyArn", p)
			sb.WriteString("</member>")
		}
		sb.WriteString("</AttachedManagedPolicies><Tags><member><Key>team</Key><Value>payments</Value></member></Tags>")
		if r.neverUsed {
			sb.WriteString("<RoleLastUsed/></member>")
		} else {
			sb.WriteString("<RoleLastUsed><LastUsedDate>2026-11-27T14:21:09Z</LastUsedDate><Region>eu-west-1</Region></RoleLastUsed></member>")
		}
	}
	sb.WriteString("</RoleDetailList><Policies>")
	for i := max(from, len(f.users)+len(f.roles)); i < to; i++ {
		p := f.policies[i-len(f.users)-len(f.roles)]
		sb.WriteString("<member>")
		el(sb, "PolicyName", p.name)
		el(sb, "PolicyId", "ANPA"+strings.ToUpper(fmt.Sprintf("%016x", i)))
		el(sb, "Arn", p.arn)
		el(sb, "Path", "/")
		el(sb, "DefaultVersionId", "v1")
		el(sb, "AttachmentCount", "1")
		el(sb, "IsAttachable", "true")
		el(sb, "CreateDate", "2023-01-18T11:02:37Z")
		sb.WriteString("<PolicyVersionList><member>")
		el(sb, "Document", url.PathEscape(p.document))
		el(sb, "VersionId", "v1")
		el(sb, "IsDefaultVersion", "true")
		sb.WriteString("</member></PolicyVersionList></member>")
	}
	sb.WriteString("</Policies>")
	el(sb, "IsTruncated", strconv.FormatBool(next != ""))
	el(sb, "Marker", next)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeAWS) json(w http.ResponseWriter, op, region string, in map[string]any) {
	token, _ := in["NextToken"].(string)
	switch op {
	case "ListAccounts", "ListParents", "DescribeOrganizationalUnit", "ListTagsForResource":
		f.org(w, op, in)
	case "ListSecrets":
		items := f.secrets[region]
		from, to, next := page(len(items), f.pageSize, token)
		out := map[string]any{"SecretList": items[from:to]}
		if next != "" {
			out["NextToken"] = next
		}
		writeJSON(w, out)
	case "ListTaskDefinitions":
		var arns []string
		for _, td := range f.taskDefs[region] {
			arns = append(arns, td["taskDefinitionArn"].(string))
		}
		from, to, next := page(len(arns), f.pageSize, token)
		out := map[string]any{"taskDefinitionArns": arns[from:to]}
		if next != "" {
			out["nextToken"] = next
		}
		writeJSON(w, out)
	case "DescribeTaskDefinition":
		want, _ := in["taskDefinition"].(string)
		for _, td := range f.taskDefs[region] {
			if td["taskDefinitionArn"] == want {
				writeJSON(w, map[string]any{"taskDefinition": td, "tags": []any{map[string]string{"key": "team", "value": "ledger"}}})
				return
			}
		}
		f.fail(w, "json", http.StatusBadRequest, "ClientException", "Unable to describe task definition.")
	case "ListCertificates", "DescribeCertificate":
		f.acm(w, op, region, in)
	default:
		f.fail(w, "json", http.StatusBadRequest, "UnknownOperationException", op)
	}
}

func (f *fakeAWS) rest(w http.ResponseWriter, r *http.Request, op, region string) {
	q := r.URL.Query()
	switch op {
	case "ListFunctions":
		items := f.lambdas[region]
		from, to, next := page(len(items), f.pageSize, q.Get("Marker"))
		out := map[string]any{"Functions": items[from:to]}
		if next != "" {
			out["NextMarker"] = next
		}
		writeJSON(w, out)
	case "ListSchedules":
		items := f.schedules[region]
		from, to, next := page(len(items), f.pageSize, q.Get("NextToken"))
		var sums []map[string]any
		for _, s := range items[from:to] {
			sums = append(sums, map[string]any{"Arn": s["Arn"], "Name": s["Name"], "GroupName": s["GroupName"], "State": s["State"]})
		}
		out := map[string]any{"Schedules": sums}
		if next != "" {
			out["NextToken"] = next
		}
		writeJSON(w, out)
	case "GetSchedule":
		name := strings.TrimPrefix(r.URL.Path, "/schedules/")
		for _, s := range f.schedules[region] {
			if s["Name"] == name && s["GroupName"] == q.Get("groupName") {
				writeJSON(w, s)
				return
			}
		}
		f.fail(w, "rest", http.StatusNotFound, "ResourceNotFoundException", "Schedule "+name+" does not exist.")
	}
}
