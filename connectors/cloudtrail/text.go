package cloudtrail

import (
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// anyString takes whatever CloudTrail wrote in a string field: a string is
// kept, any other value (a number, an object some service puts under the
// same name) is skipped and leaves the field empty, so that one odd record
// never stops the stream.
func anyString(dec *jsontext.Decoder, s *string) error {
	if dec.PeekKind() != '"' {
		return dec.SkipValue()
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	*s = tok.String()
	return nil
}

// anyObject skips a value where an object was expected but something else
// was written, for the same reason.
func anyObject[T any](dec *jsontext.Decoder, v *T) error {
	if dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	return jsonv2.SkipFunc
}

// anyList does the same for lists of strings.
func anyList(dec *jsontext.Decoder, v *[]string) error {
	if dec.PeekKind() != '[' {
		return dec.SkipValue()
	}
	return jsonv2.SkipFunc
}

var tolerant = jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
	jsonv2.UnmarshalFromFunc(anyString),
	jsonv2.UnmarshalFromFunc(anyList),
	jsonv2.UnmarshalFromFunc(anyObject[record]),
	jsonv2.UnmarshalFromFunc(anyObject[userIdentity]),
	jsonv2.UnmarshalFromFunc(anyObject[sessionContext]),
	jsonv2.UnmarshalFromFunc(anyObject[params]),
))
