package jenkins

// valKind is the shape of a Groovy expression as far as the scanner reads
// it: literals, lists, maps and calls; everything else is "other".
type valKind uint8

const (
	vOther valKind = iota
	vString
	vList
	vMap
	vCall
	vIdent
)

// value is a parsed expression. A call's positional arguments are items
// and its named ones named; a map's entries are named.
type value struct {
	kind   valKind
	str    string // string value, identifier or call name
	interp bool   // a GString with interpolation, or built from parts
	items  []value
	named  []namedArg
	line   int
}

type namedArg struct {
	key string
	val value
}

// arg returns the named argument key, if present.
func (v value) arg(key string) (value, bool) {
	for _, n := range v.named {
		if n.key == key {
			return n.val, true
		}
	}
	return value{}, false
}

// literal returns a string that the file fixes, or false for anything
// built at run time.
func (v value) literal() (string, bool) {
	if v.kind == vString && !v.interp {
		return v.str, true
	}
	return "", false
}

// raw renders a value for an unresolved attribute: the text a reader would
// recognise, never a resolved secret (the file holds none).
func (v value) raw() string {
	switch v.kind {
	case vString:
		if v.interp {
			return `"` + v.str + `"`
		}
		return "'" + v.str + "'"
	case vIdent:
		return v.str
	case vCall:
		return v.str + "(…)"
	case vList:
		return "[…]"
	case vMap:
		return "[…:…]"
	}
	return "…"
}

// frame is a block being read: pipeline, stages, stage('Build'), a
// withCredentials closure. children lists the first word of each statement
// directly in it, for the declarative checks.
type frame struct {
	name     string
	arg      string
	line     int
	children []string
}

// maxDepth bounds nesting so that a hostile file cannot exhaust the stack.
const maxDepth = 200

// parser reads a token stream tolerantly: anything it does not know is
// skipped, and recognised calls are handed to the recogniser as they are
// met, with the blocks that enclose them.
type parser struct {
	toks   []token
	i      int
	frames []frame
	depth  int
	assign string // the variable a statement assigns to, for credentials()
	r      *recogniser
	fail   *ParseError
}

func (p *parser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return token{kind: tEOF, line: p.lastLine()}
}

func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return token{kind: tEOF}
}

func (p *parser) lastLine() int {
	if len(p.toks) == 0 {
		return 1
	}
	return p.toks[len(p.toks)-1].line
}

func (p *parser) is(text string) bool {
	t := p.peek()
	return t.kind == tPunct && t.text == text
}

func (p *parser) failf(line int, msg string) {
	if p.fail == nil {
		p.fail = &ParseError{line, msg}
	}
}

// statements reads statements until the closing brace of a block (closed)
// or the end of the file.
func (p *parser) statements(closed bool, open int) {
	for p.fail == nil {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			if closed {
				p.failf(open, "the { opened here is never closed")
			}
			return
		case t.kind == tPunct && t.text == "}":
			if closed {
				p.i++
				return
			}
			p.failf(t.line, "this } closes no open block")
			return
		case t.kind == tPunct && (t.text == ";" || t.text == ")" || t.text == "]"):
			p.i++
			continue
		}
		before := p.i
		p.statement()
		if p.i == before {
			p.i++
		}
	}
}

// statement reads one statement: a block (name {…}), an assignment, or an
// expression, possibly a paren-less command call (sh 'make').
func (p *parser) statement() {
	t := p.peek()
	if len(p.frames) > 0 && t.kind == tIdent {
		f := &p.frames[len(p.frames)-1]
		f.children = append(f.children, t.text)
	}
	if t.kind == tIdent && (t.text == "def" || t.text == "final" || t.text == "static") {
		p.i++
		if n := p.peekAt(1); p.peek().kind == tIdent && n.kind == tIdent {
			p.i++ // a type: def String x
		}
		t = p.peek()
	}
	if t.kind == tIdent && p.peekAt(1).kind == tPunct && p.peekAt(1).text == "=" {
		p.assign = t.text
		p.i += 2
		if v := p.expr(); v.kind == vString && !v.interp {
			p.r.literal(t.text, v.str, t.line)
		}
		p.assign = ""
		p.rest()
		return
	}
	if t.kind == tIdent && p.peekAt(1).kind == tPunct && p.peekAt(1).text == "{" {
		p.i += 2
		p.block(t.text, "", t.line)
		return
	}
	v := p.expr()
	if v.kind == vIdent && p.commandArgStart() {
		call := value{kind: vCall, str: v.str, line: v.line}
		p.args(&call, "")
		p.called(call)
		return
	}
	p.rest()
}

// rest skips what is left of a statement on its line.
func (p *parser) rest() {
	for p.fail == nil {
		t := p.peek()
		if t.kind == tEOF || t.nl || t.kind == tPunct && (t.text == "}" || t.text == ";") {
			return
		}
		before := p.i
		p.expr()
		if p.i == before {
			p.i++
		}
	}
}

// commandArgStart reports whether the next token, on the same line, starts
// the argument of a paren-less call.
func (p *parser) commandArgStart() bool {
	t := p.peek()
	if t.nl {
		return false
	}
	switch t.kind {
	case tString, tNumber:
		return true
	case tIdent:
		return t.text != "in" && t.text != "instanceof" && t.text != "as"
	case tPunct:
		return t.text == "["
	}
	return false
}

// block reads the body of name {…}, whose { was just consumed.
func (p *parser) block(name, arg string, line int) {
	if p.depth++; p.depth > maxDepth {
		p.failf(line, "blocks nest deeper than 200 levels")
		return
	}
	if name == "pipeline" && len(p.frames) == 0 {
		p.r.style = "declarative"
	}
	p.frames = append(p.frames, frame{name: name, arg: arg, line: line})
	p.statements(true, line)
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	p.depth--
	if p.fail == nil {
		p.r.closed(f, p.frames)
	}
}

// called hands a call to the recogniser and reads its trailing closure.
func (p *parser) called(call value) {
	p.r.call(call, p.frames, p.assign)
	if p.is("{") {
		line := p.peek().line
		p.i++
		arg := ""
		if len(call.items) > 0 {
			arg, _ = call.items[0].literal()
		}
		p.block(call.str, arg, line)
	}
}

// Result is what a Jenkinsfile says, as far as it could be read; the
// package's emitter turns it into nodes and edges.
type Result struct {
	r *recogniser
	// Err is where reading stopped (an unbalanced brace, an unterminated
	// string), or nil. What was recognised before it still counts.
	Err *ParseError
}

// Parse reads a Jenkinsfile. It never fails outright: a file it cannot
// read to the end gives a Result with Err set and whatever came before.
func Parse(src string) Result {
	toks, lerr := lex(src)
	p := &parser{toks: toks, r: &recogniser{style: "scripted"}}
	p.statements(false, 0)
	p.r.shaped(toks)
	err := p.fail
	if lerr != nil {
		// The parser only ran out of tokens; the lexer's error is the cause.
		err = lerr
	}
	if len(toks) == 0 && lerr == nil {
		p.r.style = ""
	}
	return Result{r: p.r, Err: err}
}
