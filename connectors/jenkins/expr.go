package jenkins

// binary are the operators that continue an expression. ':' is not among
// them: it separates named arguments and map entries, and ends the middle
// of a ternary.
var binary = map[string]bool{
	"+": true, "-": true, "*": true, "/": true, "%": true, "==": true, "!=": true, "<": true, ">": true,
	"<=": true, ">=": true, "&&": true, "||": true, "=~": true, "==~": true, "<=>": true, "?:": true,
	"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "<<": true, ">>": true, "&": true, "|": true,
	"^": true, "..": true, "**": true, "in": true, "instanceof": true, "as": true,
}

// expr reads one expression.
func (p *parser) expr() value {
	if p.depth++; p.depth > maxDepth {
		p.failf(p.peek().line, "expressions nest deeper than 200 levels")
		p.depth--
		return value{}
	}
	defer func() { p.depth-- }()
	v := p.postfix(p.primary())
	for p.fail == nil {
		t := p.peek()
		switch {
		case t.kind == tPunct && t.text == "?" && !t.nl:
			p.i++
			p.expr()
			if p.is(":") {
				p.i++
				p.expr()
			}
			v = value{kind: vOther, interp: true, line: v.line}
		case (t.kind == tPunct || t.kind == tIdent) && binary[t.text] && !(t.nl && t.text != "+" && t.text != "&&" && t.text != "||"):
			p.i++
			p.expr()
			v = value{kind: vOther, interp: true, line: v.line}
		default:
			return v
		}
	}
	return v
}

// primary reads a literal, a list or map, a parenthesised expression, a
// closure, or a name and the call it may start.
func (p *parser) primary() value {
	t := p.peek()
	switch t.kind {
	case tEOF:
		return value{line: t.line}
	case tString:
		p.i++
		return value{kind: vString, str: t.text, interp: t.interp, line: t.line}
	case tNumber:
		p.i++
		return value{kind: vOther, str: t.text, line: t.line}
	case tIdent:
		if t.text == "new" || t.text == "return" || t.text == "throw" {
			p.i++
			return p.primary()
		}
		p.i++
		name := t.text
		for p.peek().kind == tPunct && (p.peek().text == "." || p.peek().text == "?.") && p.peekAt(1).kind == tIdent {
			name += "." + p.peekAt(1).text
			p.i += 2
		}
		if p.is("(") {
			call := value{kind: vCall, str: name, line: t.line}
			p.i++
			p.args(&call, ")")
			p.called(call)
			return call
		}
		if p.is("{") && !p.peek().nl {
			// name { closure }: a call whose only argument is the closure.
			call := value{kind: vCall, str: name, line: t.line}
			p.called(call)
			return call
		}
		return value{kind: vIdent, str: name, line: t.line}
	}
	switch t.text {
	case "(":
		p.i++
		v := p.expr()
		for p.fail == nil && !p.is(")") && p.peek().kind != tEOF {
			before := p.i
			p.expr()
			if p.i == before {
				p.i++
			}
		}
		if p.is(")") {
			p.i++
		} else {
			p.failf(t.line, "the ( opened here is never closed")
		}
		return v
	case "[":
		p.i++
		return p.list(t.line)
	case "{":
		p.i++
		p.block("{", "", t.line)
		return value{kind: vOther, line: t.line}
	case "!", "-", "+", "~", "++", "--", "*":
		p.i++
		p.primary()
		return value{kind: vOther, interp: true, line: t.line}
	}
	return value{line: t.line}
}

// postfix reads method calls, property access and indexing after a value:
// sh(…).trim(), docker.image('x').inside {…}, env['X'].
func (p *parser) postfix(v value) value {
	for p.fail == nil {
		t := p.peek()
		switch {
		case t.kind == tPunct && (t.text == "." || t.text == "?." || t.text == "*.") && p.peekAt(1).kind == tIdent:
			name := p.peekAt(1).text
			p.i += 2
			if p.is("(") || p.is("{") && !p.peek().nl {
				call := value{kind: vCall, str: name, line: t.line}
				if v.kind == vIdent {
					call.str = v.str + "." + name
				}
				if p.is("(") {
					p.i++
					p.args(&call, ")")
				}
				p.called(call)
				v = call
				continue
			}
			v = value{kind: vOther, interp: true, line: v.line}
		case t.kind == tPunct && t.text == "[" && !t.nl:
			p.i++
			p.list(t.line)
			v = value{kind: vOther, interp: true, line: v.line}
		default:
			return v
		}
	}
	return v
}

// list reads [a, b] or [k: v, …] or [:] after its [.
func (p *parser) list(line int) value {
	v := value{kind: vList, line: line}
	if p.is(":") && p.peekAt(1).kind == tPunct && p.peekAt(1).text == "]" {
		p.i += 2
		v.kind = vMap
		return v
	}
	p.args(&v, "]")
	if len(v.named) > 0 {
		v.kind = vMap
	}
	return v
}

// args reads arguments into call up to close (")" or "]"); with close ""
// they run to the end of the line, as in a paren-less command call.
func (p *parser) args(call *value, close string) {
	for p.fail == nil {
		t := p.peek()
		if t.kind == tEOF {
			if close != "" {
				p.failf(call.line, "the "+map[string]string{")": "(", "]": "["}[close]+" opened here is never closed")
			}
			return
		}
		afterComma := p.i > 0 && p.toks[p.i-1].kind == tPunct && p.toks[p.i-1].text == ","
		if close == "" && (t.nl && !afterComma && len(call.items)+len(call.named) > 0 || t.kind == tPunct && (t.text == "}" || t.text == ";" || t.text == "{")) {
			return
		}
		if close != "" && t.kind == tPunct && t.text == close {
			p.i++
			return
		}
		if t.kind == tPunct && t.text == "," {
			p.i++
			continue
		}
		if (t.kind == tIdent || t.kind == tString) && p.peekAt(1).kind == tPunct && p.peekAt(1).text == ":" {
			p.i += 2
			call.named = append(call.named, namedArg{key: t.text, val: p.expr()})
			continue
		}
		before := p.i
		v := p.expr()
		if p.i == before {
			if close != "" && t.kind == tPunct && (t.text == ")" || t.text == "]" || t.text == "}") {
				// a bracket of the wrong kind: unbalanced
				p.failf(t.line, "this "+t.text+" does not match the "+map[string]string{")": "(", "]": "["}[close]+" opened at line "+itoa(call.line))
				return
			}
			p.i++
			continue
		}
		call.items = append(call.items, v)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
