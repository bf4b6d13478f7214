package aws

import (
	"encoding/json"
	"time"
)

// The types in this file are the documented JSON shapes of the AWS API
// responses convene reads, as `aws ... --output json` prints them. Field
// names follow AWS; encoding/json matches them case-insensitively, so the
// camelCase of ECS and the PascalCase of the SDK's Go structs both fit.
// Only the fields convene uses are declared: everything else, environment
// values included, is never held.

type authzDetails struct {
	UserDetailList  []userDetail
	GroupDetailList []groupDetail
	RoleDetailList  []roleDetail
	Policies        []managedPolicy
}

type attachedPolicy struct {
	PolicyName string
	PolicyArn  string
}

type inlinePolicy struct {
	PolicyName     string
	PolicyDocument json.RawMessage
}

type tag struct {
	Key   string
	Value string
}

type boundary struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

type userDetail struct {
	Path                    string
	UserName                string
	UserId                  string
	Arn                     string
	CreateDate              awsTime
	UserPolicyList          []inlinePolicy
	GroupList               []string
	AttachedManagedPolicies []attachedPolicy
	PermissionsBoundary     *boundary
	Tags                    []tag
}

type groupDetail struct {
	Path                    string
	GroupName               string
	GroupId                 string
	Arn                     string
	CreateDate              awsTime
	GroupPolicyList         []inlinePolicy
	AttachedManagedPolicies []attachedPolicy
}

type roleDetail struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               awsTime
	AssumeRolePolicyDocument json.RawMessage
	InstanceProfileList      []instanceProfile
	RolePolicyList           []inlinePolicy
	AttachedManagedPolicies  []attachedPolicy
	PermissionsBoundary      *boundary
	Tags                     []tag
	RoleLastUsed             *struct {
		LastUsedDate awsTime
		Region       string
	}
}

type instanceProfile struct {
	InstanceProfileName string
	Arn                 string
	Path                string
}

type managedPolicy struct {
	PolicyName        string
	PolicyId          string
	Arn               string
	Path              string
	DefaultVersionId  string
	AttachmentCount   int
	IsAttachable      bool
	CreateDate        awsTime
	UpdateDate        awsTime
	PolicyVersionList []struct {
		Document         json.RawMessage
		VersionId        string
		IsDefaultVersion bool
	}
}

type lambdaList struct {
	Functions []lambdaFunction
}

type lambdaFunction struct {
	FunctionName string
	FunctionArn  string
	Runtime      string
	Role         string
	Handler      string
	Description  string
	LastModified awsTime
	PackageType  string
	Environment  *struct {
		// Variables is decoded only to find secret and parameter ARNs;
		// the other values are dropped at once and never stored.
		Variables map[string]string
	}
}

type secretList struct {
	SecretList []secret
}

type secret struct {
	ARN               string
	Name              string
	Description       string
	KmsKeyId          string
	RotationEnabled   bool
	RotationLambdaARN string
	RotationRules     *struct {
		AutomaticallyAfterDays int64
		Duration               string
		ScheduleExpression     string
	}
	LastRotatedDate  awsTime
	LastChangedDate  awsTime
	LastAccessedDate awsTime
	NextRotationDate awsTime
	DeletedDate      awsTime
	CreatedDate      awsTime
	OwningService    string
	PrimaryRegion    string
	Tags             []tag
}

type taskDefinitionOutput struct {
	TaskDefinition *taskDefinition
	Tags           []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"tags"`
}

type taskDefinition struct {
	TaskDefinitionArn    string  `json:"taskDefinitionArn"`
	Family               string  `json:"family"`
	Revision             int     `json:"revision"`
	TaskRoleArn          string  `json:"taskRoleArn"`
	ExecutionRoleArn     string  `json:"executionRoleArn"`
	NetworkMode          string  `json:"networkMode"`
	Status               string  `json:"status"`
	RegisteredAt         awsTime `json:"registeredAt"`
	ContainerDefinitions []struct {
		Name    string `json:"name"`
		Image   string `json:"image"`
		Secrets []struct {
			Name      string `json:"name"`
			ValueFrom string `json:"valueFrom"`
		} `json:"secrets"`
	} `json:"containerDefinitions"`
}

type schedule struct {
	Arn                        string
	Name                       string
	GroupName                  string
	State                      string
	Description                string
	ScheduleExpression         string
	ScheduleExpressionTimezone string
	StartDate                  awsTime
	EndDate                    awsTime
	CreationDate               awsTime
	LastModificationDate       awsTime
	Target                     *struct {
		Arn     string
		RoleArn string
	}
}

type accessKeyList struct {
	AccessKeyMetadata []accessKey
}

type accessKey struct {
	UserName    string
	AccessKeyId string
	Status      string
	CreateDate  awsTime
	// AccessKeyLastUsed is what GetAccessKeyLastUsed returns for the key;
	// the live path fills it in, and an export may carry it beside the key.
	AccessKeyLastUsed *keyLastUsed
}

type keyLastUsed struct {
	LastUsedDate awsTime
	ServiceName  string
	Region       string
}

type credentialReportFile struct {
	Content       string
	GeneratedTime awsTime
	ReportFormat  string
}

// awsTime is a date in any of the spellings AWS tools write: RFC 3339 with
// or without fractions, "2006-01-02 15:04:05+00:00" (boto), Lambda's
// "2019-04-30T16:26:38.618+0000", epoch seconds (the JSON protocols), and
// cloud-custodian's placebo {"__class__": "datetime", ...} objects. It holds
// the instant as RFC 3339 in UTC, or "" when absent.
type awsTime string

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
}

// UnmarshalJSON accepts every spelling; one it cannot read is kept as
// written rather than failing the file.
func (t *awsTime) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*t = awsTime(parseTime(v))
	return nil
}

func parseTime(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		sec := int64(x)
		nsec := int64((x - float64(sec)) * 1e9)
		if x > 1e11 { // milliseconds, as some exports write
			sec, nsec = int64(x)/1000, (int64(x)%1000)*1e6
		}
		return formatTime(time.Unix(sec, nsec))
	case string:
		if x == "" || x == "N/A" || x == "not_supported" || x == "no_information" {
			return ""
		}
		for _, l := range timeLayouts {
			if tm, err := time.Parse(l, x); err == nil {
				return formatTime(tm)
			}
		}
		return x
	case map[string]any:
		if x["__class__"] != "datetime" {
			return ""
		}
		n := func(k string) int {
			f, _ := x[k].(float64)
			return int(f)
		}
		return formatTime(time.Date(n("year"), time.Month(n("month")), n("day"),
			n("hour"), n("minute"), n("second"), n("microsecond")*1000, time.UTC))
	}
	return ""
}

func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}
