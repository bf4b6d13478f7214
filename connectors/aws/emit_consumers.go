package aws

import (
	"strconv"
	"strings"

	"github.com/convene-dev/convene/graph"
)

func (e *emitter) emitSecret(s secret, src *source) {
	attrs := map[string]string{}
	set(attrs, "description", s.Description)
	set(attrs, "kms_key", s.KmsKeyId)
	attrs["rotation_enabled"] = strconv.FormatBool(s.RotationEnabled)
	set(attrs, "rotation_lambda", s.RotationLambdaARN)
	if r := s.RotationRules; r != nil {
		setInt(attrs, "rotation_after_days", r.AutomaticallyAfterDays)
		set(attrs, "rotation_schedule", r.ScheduleExpression)
		set(attrs, "rotation_window", r.Duration)
	}
	set(attrs, "last_rotated", string(s.LastRotatedDate))
	set(attrs, "last_changed", string(s.LastChangedDate))
	set(attrs, "last_accessed", string(s.LastAccessedDate))
	set(attrs, "next_rotation", string(s.NextRotationDate))
	set(attrs, "created", string(s.CreatedDate))
	set(attrs, "deleted", string(s.DeletedDate))
	set(attrs, "owning_service", s.OwningService)
	tags(attrs, s.Tags)
	e.node(graph.Node{ID: s.ARN, Kind: graph.Credential, Type: "aws-secret", Name: s.Name, Attrs: attrs}, src, graph.Declared)
	if s.RotationLambdaARN != "" {
		fn, _ := unqualified(s.RotationLambdaARN)
		line := src.line(s.RotationLambdaARN)
		e.ref(fn, src, line)
		// Secrets Manager starts the rotation Lambda on the secret's
		// schedule: if the Lambda breaks, rotation stops.
		e.edge(s.ARN, fn, graph.Triggers, map[string]string{"via": "rotation"}, src, line, graph.Declared)
	}
}

func (e *emitter) emitLambda(f lambdaFunction, src *source) {
	id, _ := unqualified(f.FunctionArn)
	attrs := map[string]string{}
	set(attrs, "runtime", f.Runtime)
	set(attrs, "handler", f.Handler)
	set(attrs, "package_type", f.PackageType)
	set(attrs, "last_modified", string(f.LastModified))
	var names []string
	if f.Environment != nil {
		names = sortedKeys(f.Environment.Variables)
		if len(names) > 0 {
			set(attrs, "env_names", graph.EncodeList(names))
		}
	}
	line := src.line(f.FunctionArn)
	e.nodeAt(graph.Node{ID: id, Kind: graph.Workload, Type: "lambda", Name: f.FunctionName, Attrs: attrs}, src, line, graph.Declared)
	if f.Role != "" {
		e.ref(f.Role, src, src.line(f.Role))
		e.edge(id, f.Role, graph.RunsAs, map[string]string{"via": "execution-role"}, src, line, graph.Declared)
	}
	for _, name := range names {
		v := strings.TrimSpace(f.Environment.Variables[name])
		if credentialRef(v) {
			e.reads = append(e.reads, pendingRead{from: id, ref: v,
				attrs: map[string]string{"env": graph.EncodeList([]string{name}), "injected": "environment"}, src: src, line: src.line(v)})
		}
	}
}

// credentialRef reports whether v is the ARN of a secret or parameter;
// any other environment value is never kept.
func credentialRef(v string) bool {
	a, ok := parseARN(v)
	return ok && ((a.Service == "secretsmanager" && strings.HasPrefix(a.Resource, "secret:")) ||
		(a.Service == "ssm" && strings.HasPrefix(a.Resource, "parameter/")))
}

func (e *emitter) emitTask(out taskDefinitionOutput, src *source) {
	td := out.TaskDefinition
	id, rev := unqualified(td.TaskDefinitionArn)
	ta, _ := parseARN(id)
	attrs := map[string]string{}
	set(attrs, "family", td.Family)
	if td.Revision != 0 {
		rev = strconv.Itoa(td.Revision)
	}
	set(attrs, "revision", rev)
	set(attrs, "status", td.Status)
	set(attrs, "network_mode", td.NetworkMode)
	set(attrs, "registered", string(td.RegisteredAt))
	for _, t := range out.Tags {
		attrs["tag."+t.Key] = t.Value
	}
	name := td.Family
	if name == "" {
		name = ta.lastName()
	}
	line := src.line(td.TaskDefinitionArn)
	e.nodeAt(graph.Node{ID: id, Kind: graph.Workload, Type: "ecs-task", Name: name, Attrs: attrs}, src, line, graph.Declared)
	for _, r := range []struct{ arn, via string }{{td.TaskRoleArn, "task-role"}, {td.ExecutionRoleArn, "execution-role"}} {
		if r.arn == "" {
			continue
		}
		e.ref(r.arn, src, src.line(r.arn))
		e.edge(id, r.arn, graph.RunsAs, map[string]string{"via": r.via}, src, line, graph.Declared)
	}
	for _, c := range td.ContainerDefinitions {
		for _, s := range c.Secrets {
			ref := s.ValueFrom
			if _, ok := parseARN(ref); !ok && ref != "" {
				// A bare name is an SSM parameter in the task's own
				// region and account.
				ref = "arn:" + ta.Partition + ":ssm:" + ta.Region + ":" + ta.Account + ":parameter/" + strings.TrimPrefix(ref, "/")
			}
			e.reads = append(e.reads, pendingRead{from: id, ref: ref,
				attrs: map[string]string{"env": graph.EncodeList([]string{s.Name}), "container": graph.EncodeList([]string{c.Name}), "injected": "task-start"},
				src:   src, line: src.line(s.ValueFrom)})
		}
	}
}

func (e *emitter) emitSchedule(s schedule, src *source) {
	attrs := map[string]string{}
	set(attrs, "group", s.GroupName)
	set(attrs, "state", s.State)
	set(attrs, "description", s.Description)
	set(attrs, "start", string(s.StartDate))
	set(attrs, "end", string(s.EndDate))
	set(attrs, "created", string(s.CreationDate))
	set(attrs, "modified", string(s.LastModificationDate))
	n := graph.Node{ID: s.Arn, Kind: graph.Workload, Type: "eventbridge-schedule", Name: s.Name, Attrs: attrs}
	if s.ScheduleExpression != "" {
		n.Schedule = &graph.Schedule{Expr: s.ScheduleExpression, Dialect: graph.AWS, TimeZone: s.ScheduleExpressionTimezone}
		if n.Schedule.TimeZone == "" {
			n.Schedule.TimeZone = "UTC" // Scheduler's documented default
		}
	}
	e.node(n, src, graph.Declared)
	if s.Target == nil {
		return
	}
	line := src.line(s.Arn)
	if s.Target.Arn != "" {
		target, q := unqualified(s.Target.Arn)
		e.ref(target, src, src.line(s.Target.Arn))
		var a map[string]string
		if q != "" {
			a = map[string]string{"qualifier": q}
		}
		e.edge(s.Arn, target, graph.Triggers, a, src, line, graph.Declared)
	}
	if s.Target.RoleArn != "" {
		e.ref(s.Target.RoleArn, src, src.line(s.Target.RoleArn))
		e.edge(s.Arn, s.Target.RoleArn, graph.Assumes, map[string]string{"via": "schedule-target-role"}, src, line, graph.Declared)
	}
}
