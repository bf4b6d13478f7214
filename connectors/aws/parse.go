package aws

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// inventory is everything read from one source (a file or an account),
// before it becomes nodes and edges. Each item keeps the source it came from.
type inventory struct {
	authz     []sourced[authzDetails]
	lambdas   []sourced[lambdaFunction]
	secrets   []sourced[secret]
	tasks     []sourced[taskDefinitionOutput]
	schedules []sourced[schedule]
	keys      []sourced[accessKey]
	reports   []sourced[[]credentialRow]
	// certificates are ACM's; serverCerts IAM's (acm.go).
	certificates []sourced[acmCertificate]
	serverCerts  []sourced[serverCertificate]
}

// sourced is an item with where it was read; line finds an ARN's line.
type sourced[T any] struct {
	v   T
	src *source
}

// source is a file or API call, with an index from ARNs and key IDs to the
// line they first appear on (files only).
type source struct {
	name string
	// account is the account the source is known to belong to, or "".
	account string
	lines   map[string]int
}

func (s *source) line(id string) int {
	if s == nil || s.lines == nil {
		return 0
	}
	return s.lines[id]
}

// fileKind names the shape of an export.
type fileKind string

const (
	kindAuthz    fileKind = "get-account-authorization-details"
	kindLambda   fileKind = "lambda list-functions"
	kindSecrets  fileKind = "secretsmanager list-secrets"
	kindSecret   fileKind = "secretsmanager describe-secret"
	kindTask     fileKind = "ecs describe-task-definition"
	kindSchedule fileKind = "scheduler get-schedule"
	kindKeys     fileKind = "iam list-access-keys"
	kindCredJSON fileKind = "iam get-credential-report"
	kindCredCSV  fileKind = "credential report CSV"
	kindACM      fileKind = "acm describe-certificate"
	kindACMList  fileKind = "acm list-certificates"
	kindIAMCerts fileKind = "iam list-server-certificates"
	kindUnknown  fileKind = ""
)

// credReportHeader starts every IAM credential report.
const credReportHeader = "user,arn,user_creation_time"

// sniff names the export whose first bytes are head, or kindUnknown. It
// looks at content only: exports are often saved under arbitrary names.
func sniff(head []byte) fileKind {
	h := bytes.TrimLeft(head, "\ufeff \t\r\n")
	if bytes.HasPrefix(h, []byte(credReportHeader)) {
		return kindCredCSV
	}
	if len(h) == 0 || h[0] != '{' {
		return kindUnknown
	}
	has := func(s string) bool { return bytes.Contains(h, []byte(s)) }
	switch {
	case has(`"UserDetailList"`) || has(`"RoleDetailList"`) || has(`"GroupDetailList"`) ||
		(has(`"Policies"`) && has(`"PolicyVersionList"`)):
		return kindAuthz
	case has(`"CertificateSummaryList"`):
		return kindACMList
	case has(`"Certificate"`) && has(`"CertificateArn"`) && has(`:acm:`):
		return kindACM
	case has(`"ServerCertificateMetadataList"`):
		return kindIAMCerts
	case has(`"Functions"`) && has(`"FunctionArn"`):
		return kindLambda
	case has(`"SecretList"`):
		return kindSecrets
	case has(`"taskDefinition"`) && has(`"containerDefinitions"`):
		return kindTask
	case has(`"ScheduleExpression"`) && has(`:scheduler:`):
		return kindSchedule
	case has(`"AccessKeyMetadata"`):
		return kindKeys
	case has(`"Content"`) && (has(`"ReportFormat"`) || has(`"GeneratedTime"`)):
		return kindCredJSON
	case has(`"ARN"`) && has(`:secretsmanager:`) && has(`"Name"`):
		return kindSecret
	}
	return kindUnknown
}

// claimable reports whether a file at p with head is an export convene
// reads.
func claimable(p string, head []byte) bool {
	ext := strings.ToLower(path.Ext(p))
	if ext != ".json" && ext != ".csv" {
		return false
	}
	return sniff(head) != kindUnknown
}

// parseFile reads one export into inv. kind comes from sniffing the file.
func parseFile(data []byte, src *source, inv *inventory) error {
	kind := sniff(data)
	if kind == kindCredCSV {
		rows, err := parseCredentialReport(data)
		if err != nil {
			return err
		}
		inv.reports = append(inv.reports, sourced[[]credentialRow]{rows, src})
		return nil
	}
	body, err := unwrapPlacebo(data)
	if err != nil {
		return err
	}
	switch kind {
	case kindAuthz:
		var v authzDetails
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		inv.authz = append(inv.authz, sourced[authzDetails]{v, src})
	case kindLambda:
		var v lambdaList
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		for _, f := range v.Functions {
			inv.lambdas = append(inv.lambdas, sourced[lambdaFunction]{f, src})
		}
	case kindSecrets:
		var v secretList
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		for _, s := range v.SecretList {
			inv.secrets = append(inv.secrets, sourced[secret]{s, src})
		}
	case kindSecret:
		var v secret
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		inv.secrets = append(inv.secrets, sourced[secret]{v, src})
	case kindTask:
		var v taskDefinitionOutput
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		if v.TaskDefinition == nil {
			return fmt.Errorf("no taskDefinition object")
		}
		inv.tasks = append(inv.tasks, sourced[taskDefinitionOutput]{v, src})
	case kindSchedule:
		var v schedule
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		inv.schedules = append(inv.schedules, sourced[schedule]{v, src})
	case kindKeys:
		var v accessKeyList
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		for _, k := range v.AccessKeyMetadata {
			inv.keys = append(inv.keys, sourced[accessKey]{k, src})
		}
	case kindCredJSON:
		var v credentialReportFile
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		content := []byte(strings.TrimSpace(v.Content))
		if !bytes.HasPrefix(content, []byte(credReportHeader)) {
			// `aws iam get-credential-report` prints Content base64-encoded.
			dec, err := base64.StdEncoding.DecodeString(string(content))
			if err != nil {
				return fmt.Errorf("credential report Content is neither CSV nor base64: %w", err)
			}
			content = dec
		}
		rows, err := parseCredentialReport(content)
		if err != nil {
			return err
		}
		inv.reports = append(inv.reports, sourced[[]credentialRow]{rows, src})
	case kindACM:
		var v acmDescribeOutput
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		if v.Certificate == nil {
			return fmt.Errorf("no Certificate object")
		}
		inv.certificates = append(inv.certificates, sourced[acmCertificate]{*v.Certificate, src})
	case kindACMList:
		var v acmListOutput
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		for _, c := range v.CertificateSummaryList {
			inv.certificates = append(inv.certificates, sourced[acmCertificate]{c, src})
		}
	case kindIAMCerts:
		var v serverCertificateList
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		for _, c := range v.ServerCertificateMetadataList {
			inv.serverCerts = append(inv.serverCerts, sourced[serverCertificate]{c, src})
		}
	default:
		return fmt.Errorf("not an AWS export convene reads")
	}
	return nil
}

// unwrapPlacebo returns the "data" of a cloud-custodian placebo recording
// ({"status_code": 200, "data": {...}}), or data itself.
func unwrapPlacebo(data []byte) ([]byte, error) {
	var w struct {
		StatusCode *int            `json:"status_code"`
		Data       json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	if w.StatusCode != nil && len(w.Data) > 0 {
		return w.Data, nil
	}
	return data, nil
}

// definingKeys are the keys whose value is the ARN or key ID of the object
// that holds them: an ID's line is where it is defined when it is defined
// in the file, else where it is first named.
var definingKeys = map[string]bool{
	"Arn": true, "ARN": true, "FunctionArn": true, "taskDefinitionArn": true, "AccessKeyId": true,
	"CertificateArn": true,
}

// indexLines maps every ARN and access key ID that appears as a JSON string
// in data to its line, in one pass.
func indexLines(data []byte) map[string]int {
	lines := make(map[string]int)
	defined := make(map[string]bool)
	line := 1
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			line++
		case '"':
			rest := data[i+1:]
			if !bytes.HasPrefix(rest, []byte("arn:")) && !bytes.HasPrefix(rest, []byte("AKIA")) && !bytes.HasPrefix(rest, []byte("ASIA")) {
				continue
			}
			end := bytes.IndexByte(rest, '"')
			if end < 0 {
				return lines
			}
			s := string(rest[:end])
			def := definingKeys[keyBefore(data[:i])]
			if _, ok := lines[s]; !ok || (def && !defined[s]) {
				lines[s] = line
				defined[s] = def
			}
			i += end + 1
		}
	}
	return lines
}

// keyBefore returns the object key whose value starts where b ends, or "".
func keyBefore(b []byte) string {
	b = bytes.TrimRight(b, " \t\r\n")
	if len(b) == 0 || b[len(b)-1] != ':' {
		return ""
	}
	b = bytes.TrimRight(b[:len(b)-1], " \t\r\n")
	if len(b) == 0 || b[len(b)-1] != '"' {
		return ""
	}
	b = b[:len(b)-1]
	start := bytes.LastIndexByte(b, '"')
	if start < 0 {
		return ""
	}
	return string(b[start+1:])
}
