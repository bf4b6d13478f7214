package githubactions

// workflow is what a workflow file says, before it is named in the graph.
type workflow struct {
	file     string
	name     string
	triggers []trigger
	crons    []scalar
	perms    *perms
	// callSecrets are the secrets a reusable workflow declares under
	// on.workflow_call.secrets: inside it, secrets.X of a declared name is a
	// parameter filled by the caller, not the repository's secret.
	callSecrets map[string]bool
	// onlyCalled is true when workflow_call is the only trigger.
	onlyCalled bool
	env        facts // secret reads and inline values of the workflow env
	jobs       []*job
	warnings   []warning
}

// trigger is one event of on:, with the branch and tag filters that decide
// which OIDC subjects its runs present.
type trigger struct {
	event    string
	line     int
	branches []string
	tags     []string
	// filtered is true when a branch or tag filter was given (an empty
	// filter list still restricts).
	filtered bool
}

// perms is a permissions: block, reduced to what matters here.
type perms struct {
	idToken bool
	line    int
	// scopes are the scopes of a mapping (contents: write); all is
	// write-all or read-all when given as a scalar.
	scopes map[string]string
	all    string
}

// job is one jobs.<id>.
type job struct {
	id, name string
	line     int
	perms    *perms
	// environment is the deployment environment's name, envExpr true when
	// it is an expression.
	environment string
	envLine     int
	envExpr     bool
	// calls is the reusable workflow of `uses:`, at callLine.
	calls    string
	callLine int
	inherit  bool
	steps    []*step
	facts    facts
	// cond is the job's if: condition.
	cond string
}

// step is one steps[] entry (of a job or of a composite action).
type step struct {
	name string
	line int
	uses string
	with map[string]scalar
	// run is the step's script; env its environment (agent detection).
	run string
	env map[string]scalar
}

// facts is what a job (or its part) depends on.
type facts struct {
	refs    []secretRef
	targets []target
	inline  []inlineValue
	attrs   map[string]string
	// oidc is set when a step needs the job's OIDC token (a role to assume
	// through federation, a Vault jwt login).
	oidc bool
}

// secretRef is one read of a secret.
type secretRef struct {
	name    string // upper case; empty when dynamic
	dynamic bool
	raw     string // the expression of a dynamic read
	where   string // env, with, run, if, secrets, ...
	step    string
	envVar  string
	input   string
	file    string
	line    int
	via     string // the reusable workflow or local action it came through
	awsKey  bool
	inherit bool
}

// target is an edge from the job to a node this connector also emits.
type target struct {
	edge  string // edge kind
	id    string
	kind  string // node kind
	typ   string // node type
	name  string
	attrs map[string]string
	file  string
	line  int
}

// inlineValue is a credential written into the file. Only its fingerprint
// is kept, never the value.
type inlineValue struct {
	key         string
	fingerprint string
	file        string
	line        int
}

// warning is a problem worth a diagnostic that does not stop the file.
type warning struct {
	file string
	line int
	msg  string
}

func (f *facts) setAttr(k, v string) {
	if f.attrs == nil {
		f.attrs = map[string]string{}
	}
	if old, ok := f.attrs[k]; ok && old != v {
		v = old + "\n" + v
	}
	f.attrs[k] = v
}

func (f *facts) add(o facts) {
	f.refs = append(f.refs, o.refs...)
	f.targets = append(f.targets, o.targets...)
	f.inline = append(f.inline, o.inline...)
	for k, v := range o.attrs {
		f.setAttr(k, v)
	}
	f.oidc = f.oidc || o.oidc
}
