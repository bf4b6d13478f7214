package export

import (
	"strconv"
	"testing"
)

func TestQuoteID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"arn:aws:iam::111122223333:role/x", `"arn:aws:iam::111122223333:role/x"`},
		{`a"b\c`, `"a\"b\\c"`},
		{`"quoted"`, `"\"quoted\""`},
		{"graph", `"graph"`},
		{"<html>", `"<html>"`},
		{"é 日本", `"é 日本"`},
		{"a\nb", `"a\nb"`},
		{"\uFFFD", `"\ufffd"`},
		{"\xff", `"\xff"`},
	}
	for _, tt := range tests {
		got := quoteID(tt.id)
		if got != tt.want {
			t.Errorf("quoteID(%q) = %s, want %s", tt.id, got, tt.want)
		}
		if back, err := strconv.Unquote(got); err != nil || back != tt.id {
			t.Errorf("Unquote(quoteID(%q)) = %q, %v", tt.id, back, err)
		}
	}
}

func TestQuoteText(t *testing.T) {
	tests := []struct{ text, want string }{
		{"payments-deploy\naws-role", `"payments-deploy\naws-role"`},
		// Graphviz escapes stay literal text.
		{`\N \G \l`, `"\\N \\G \\l"`},
		{`say "hi"`, `"say \"hi\""`},
		// Unprintable characters are shown, not passed to Graphviz.
		{"nul\x00 tab\t", `"nul\\x00 tab\\t"`},
		{"bad\xff", `"bad\\xff"`},
		{"\uFFFD\u202e", `"\\ufffd\\u202e"`},
		{"日本 🔑", `"日本 🔑"`},
	}
	for _, tt := range tests {
		got := quoteText(tt.text)
		if got != tt.want {
			t.Errorf("quoteText(%q) = %s, want %s", tt.text, got, tt.want)
		}
		// gonum leaves a value alone only when strconv.Unquote accepts it.
		if _, err := strconv.Unquote(got); err != nil {
			t.Errorf("quoteText(%q) = %s does not unquote: %v", tt.text, got, err)
		}
	}
}

func TestHTMLText(t *testing.T) {
	if got, want := htmlText("a<b> & \"c\"\nd\x00"), `a&lt;b&gt; &amp; &#34;c&#34;<br/>d\x00`; got != want {
		t.Errorf("htmlText = %s, want %s", got, want)
	}
}
