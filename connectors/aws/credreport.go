package aws

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
)

// credentialRow is one line of the IAM credential report: a user (or
// <root_account>) with its password, MFA and access key state. The report
// names no key IDs: emitReport turns the access_key_1_* and access_key_2_*
// columns into key nodes (emit_keys.go), the rest stays on the user.
type credentialRow struct {
	User  string
	Arn   string
	Attrs map[string]string
}

// credentialDateColumns are the report's date columns, normalised to
// RFC 3339; the others are kept as written when they carry information.
var credentialDateColumns = map[string]bool{
	"user_creation_time": true, "password_last_used": true, "password_last_changed": true,
	"password_next_rotation": true, "access_key_1_last_rotated": true, "access_key_1_last_used_date": true,
	"access_key_2_last_rotated": true, "access_key_2_last_used_date": true,
	"cert_1_last_rotated": true, "cert_2_last_rotated": true,
}

// parseCredentialReport reads the CSV report. Unknown columns are kept, so
// a report with columns AWS adds later still loads.
func parseCredentialReport(data []byte) ([]credentialRow, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("credential report header: %w", err)
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[h] = i
	}
	if _, ok := col["arn"]; !ok {
		return nil, fmt.Errorf("credential report has no arn column")
	}
	var rows []credentialRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// csv.ParseError names the line.
			return nil, fmt.Errorf("credential report: %w", err)
		}
		row := credentialRow{Attrs: make(map[string]string)}
		for i, v := range rec {
			if i >= len(header) {
				break
			}
			switch h := header[i]; {
			case h == "user":
				row.User = v
			case h == "arn":
				row.Arn = v
			case v == "N/A" || v == "not_supported" || v == "no_information" || v == "":
			case credentialDateColumns[h]:
				row.Attrs[h] = parseTime(v)
			default:
				row.Attrs[h] = v
			}
		}
		if row.Arn != "" {
			rows = append(rows, row)
		}
	}
	return rows, nil
}
