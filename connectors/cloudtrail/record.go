package cloudtrail

import "time"

// record is what convene reads of one CloudTrail event. It has no field for
// responseElements, where session credentials live, so the decoder skips
// them; no request parameter it keeps holds a secret.
type record struct {
	EventTime          string       `json:"eventTime"`
	EventName          string       `json:"eventName"`
	AWSRegion          string       `json:"awsRegion"`
	SourceIPAddress    string       `json:"sourceIPAddress"`
	UserAgent          string       `json:"userAgent"`
	ErrorCode          string       `json:"errorCode"`
	RecipientAccountID string       `json:"recipientAccountId"`
	UserIdentity       userIdentity `json:"userIdentity"`
	RequestParameters  params       `json:"requestParameters"`
}

type userIdentity struct {
	Type             string         `json:"type"`
	ARN              string         `json:"arn"`
	AccountID        string         `json:"accountId"`
	AccessKeyID      string         `json:"accessKeyId"`
	UserName         string         `json:"userName"`
	InvokedBy        string         `json:"invokedBy"`
	IdentityProvider string         `json:"identityProvider"`
	SessionContext   sessionContext `json:"sessionContext"`
}

type sessionContext struct {
	SessionIssuer struct {
		ARN string `json:"arn"`
	} `json:"sessionIssuer"`
}

// params are the request parameters of the calls convene reads: the role
// assumed, the secret or parameters fetched. Never a value.
type params struct {
	RoleARN      string   `json:"roleArn"`
	PrincipalARN string   `json:"principalArn"`
	SecretID     string   `json:"secretId"`
	SecretIDList []string `json:"secretIdList"`
	Name         string   `json:"name"`
	Names        []string `json:"names"`
}

func (r *record) time() time.Time {
	t, err := time.Parse(time.RFC3339, r.EventTime)
	if err != nil {
		return time.Time{}
	}
	return t
}
