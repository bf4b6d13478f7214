package k8saudit

import (
	"strings"
	"time"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
)

// event is what convene reads of one audit event: no requestObject, no
// responseObject.
type event struct {
	Kind      string    `json:"kind"`
	Stage     string    `json:"stage"`
	Verb      string    `json:"verb"`
	User      user      `json:"user"`
	SourceIPs []string  `json:"sourceIPs"`
	UserAgent string    `json:"userAgent"`
	ObjectRef objectRef `json:"objectRef"`
	Response  struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
	RequestReceived string `json:"requestReceivedTimestamp"`
	StageTimestamp  string `json:"stageTimestamp"`
	// Timestamp is where v1beta1 captures put the time.
	Timestamp string `json:"timestamp"`
}

type user struct {
	Username string `json:"username"`
}

type objectRef struct {
	Resource    string `json:"resource"`
	Namespace   string `json:"namespace"`
	Name        string `json:"name"`
	Subresource string `json:"subresource"`
}

// readVerbs are the verbs that hand out a Secret's data.
var readVerbs = map[string]bool{"get": true, "list": true, "watch": true}

// systemUsers are the control plane's own principals: the kubelet reads a
// pod's Secrets on its behalf (the pod's configured references already say
// so), controllers watch every Secret. They are not consumers.
func systemUser(name string) bool {
	return strings.HasPrefix(name, "system:node:") || name == "system:apiserver" ||
		name == "system:kube-controller-manager" || name == "system:kube-scheduler" ||
		strings.HasPrefix(name, "system:serviceaccount:kube-system:")
}

// count records one event: a successful read of a named Secret, once per
// request (the stage that completes it).
func count(agg *observe.Aggregator, e *event, cluster string, line int) {
	o := &e.ObjectRef
	if o.Resource != "secrets" || o.Name == "" || o.Subresource != "" || !readVerbs[e.Verb] {
		return
	}
	if e.Stage != "" && e.Stage != "ResponseComplete" {
		return
	}
	if e.Response.Code >= 400 || e.User.Username == "" || systemUser(e.User.Username) {
		return
	}
	subject, client := principal(cluster, e.User.Username)
	object := "k8s:" + cluster + "/" + o.Namespace + "/secret/" + o.Name
	if o.Namespace == "" {
		return
	}
	ua := uaFamily(e.UserAgent)
	ip := ""
	if len(e.SourceIPs) > 0 {
		ip = e.SourceIPs[0]
	}
	agg.Add(observe.Key{Kind: graph.Reads, Object: object, Subject: subject, Client: client}, "k8s-secret", e.time(), line,
		func() map[string]string {
			attrs := map[string]string{"source_log": "k8s-audit", "k8s_user": e.User.Username}
			if ua != "" {
				attrs["user_agent_family"] = ua
			}
			return attrs
		}, ip, ua)
}

// principal names a user as the kubernetes connector names its nodes: a
// service account is k8s:<cluster>/<namespace>/serviceaccount/<name>; a
// person or other user has no node, and is its own client.
func principal(cluster, username string) (subject, client string) {
	if rest, ok := strings.CutPrefix(username, "system:serviceaccount:"); ok {
		if ns, name, ok := strings.Cut(rest, ":"); ok && ns != "" && name != "" {
			id := "k8s:" + cluster + "/" + ns + "/serviceaccount/" + name
			return id, id
		}
	}
	return "", "k8s:" + cluster + "/user/" + username
}

func (e *event) time() time.Time {
	for _, s := range []string{e.StageTimestamp, e.RequestReceived, e.Timestamp} {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// uaFamily is the client name of a user agent: kubectl, a controller's
// binary, without versions.
func uaFamily(ua string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(ua), " ")
	first, _, _ = strings.Cut(first, "/")
	return first
}
