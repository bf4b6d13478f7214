package iampolicy

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"*", "anything", false, true},
		{"secretsmanager:Get*", "secretsmanager:GetSecretValue", true, true},
		{"SecretsManager:getsecretvalue", "secretsmanager:GetSecretValue", true, true},
		{"SecretsManager:getsecretvalue", "secretsmanager:GetSecretValue", false, false},
		{"arn:aws:secretsmanager:*:111122223333:secret:payments/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-a1B2c3", false, true},
		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-??????", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-a1B2c3", false, true},
		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:ledger/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/x", false, false},
		{"a*b*c*d*e*f*g", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false},
		{"", "", false, true},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.s, tt.fold); got != tt.want {
			t.Errorf("Match(%q, %q, %v) = %v, want %v", tt.pattern, tt.s, tt.fold, got, tt.want)
		}
	}
}
