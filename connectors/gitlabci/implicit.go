package gitlabci

import (
	"regexp"
	"slices"
	"strings"
)

var (
	// testV matches bash's variable test, [[ -v NAME ]] and test -v NAME:
	// the variable is named without $.
	testV = regexp.MustCompile(`(?:\[\[?|\btest)\s+(?:!\s+)?-v\s+([A-Za-z_][A-Za-z0-9_]*)`)
	// psEnv matches PowerShell's environment drive: $env:NAME,
	// ${env:NAME}, and env:NAME given to Test-Path or Get-Item.
	psEnv = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9_])env:([A-Za-z_][A-Za-z0-9_]*)`)
	// awsCLI matches a run of the AWS CLI: aws followed by a service.
	awsCLI = regexp.MustCompile(`(?:^|[\s;&|(` + "`" + `])aws\s+[a-z][a-z0-9-]*(?:\s|$)`)
)

// bareRefs lists the variable names text uses without $: bash's -v test
// and PowerShell's env: drive.
func bareRefs(text string) []string {
	var out []string
	for _, re := range []*regexp.Regexp{testV, psEnv} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// awsEnvKeys are the variables the AWS CLI reads its static key from when
// nothing else names credentials.
var awsEnvKeys = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}

// awsOtherwise are variables that give the AWS CLI credentials another way
// (a profile, a role, web identity): with one of them set or used, the
// static key is not implied.
var awsOtherwise = []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_SHARED_CREDENTIALS_FILE"}

// awsCLILine returns the first script line that runs the AWS CLI when the
// job gives it no credentials in the file — no id_tokens (OIDC), no
// profile, role or web identity variable, no --profile — so that the CLI
// can only take a static key from the project's AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY variables. nil when there is none.
func awsCLILine(j *job) *scriptLine {
	if len(j.idTokens) > 0 {
		return nil
	}
	for _, v := range j.vars {
		if slices.Contains(awsOtherwise, v.name) || slices.Contains(awsEnvKeys, v.name) {
			return nil
		}
	}
	var first *scriptLine
	for i, s := range j.scripts {
		if strings.Contains(s.text, "--profile") || strings.Contains(s.text, "assume-role") {
			return nil
		}
		for _, r := range refs(s.text) {
			if slices.Contains(awsOtherwise, r) {
				return nil
			}
		}
		if first == nil && awsCLI.MatchString(s.text) {
			first = &j.scripts[i]
		}
	}
	return first
}
