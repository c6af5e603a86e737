package prometheus_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
)

// A real prometheus server scrapes an in-process coordinator that answered one chat message: the
// coordinator_* and protoactor_* series arrive, the alerting rules load and evaluate without
// error, none of them fires for the healthy coordinator, and every dashboard query evaluates.
func TestPrometheusScrapesCoordinator(t *testing.T) {
	needBinary(t, "prometheus")
	c := startChat(t)
	if o := c.submit(chanOK, "m1", "hello"); o.Kind != actors.Answered {
		t.Fatalf("outcome %+v, want answered", o)
	}
	p := startPrometheus(t, strings.TrimPrefix(c.base, "http://"), alertsFile)

	p.waitQuery(`up{job="coordinator"}`, func(s []sample) bool { return len(s) == 1 && s[0].value() == 1 })
	// Every outcome's series exists from the start (at 0), so increase() sees a first event.
	runs := p.waitQuery(`coordinator_runs_total{job="coordinator"} > 0`, func(s []sample) bool { return len(s) > 0 })
	if len(runs) != 1 || runs[0].Metric["outcome"] != "ok" || runs[0].Metric["project"] != project || runs[0].value() != 1 {
		t.Errorf("coordinator_runs_total > 0 = %+v, want one ok run of %s", runs, project)
	}
	zero := p.waitQuery(`coordinator_runs_total{job="coordinator", outcome="crash"}`, func(s []sample) bool { return len(s) > 0 })
	if len(zero) != 1 || zero[0].value() != 0 {
		t.Errorf("coordinator_runs_total{outcome=\"crash\"} = %+v, want a series at 0", zero)
	}
	for _, expr := range []string{
		`count({job="coordinator", __name__=~"coordinator_.+"})`,
		`count({job="coordinator", __name__=~"protoactor_.+"})`,
		`protoactor_actor_spawn_count_total{job="coordinator"}`,
		`coordinator_queue_wait_seconds_count{job="coordinator"}`,
	} {
		p.waitQuery(expr, func(s []sample) bool { return len(s) > 0 && s[0].value() > 0 })
	}

	// Every rule loaded and has been evaluated, after the scrapes above, without an error.
	var groups []ruleGroup
	scraped := time.Now()
	if !poll(wait, func() bool {
		data, err := p.api("rules", nil)
		if err != nil {
			return false
		}
		var r struct {
			Groups []ruleGroup `json:"groups"`
		}
		if json.Unmarshal(data, &r) != nil {
			return false
		}
		groups = r.Groups
		return rulesEvaluatedAfter(groups, scraped)
	}) {
		t.Fatalf("rules not all evaluated within %s: %+v", wait, groups)
	}
	var names []string
	for _, g := range groups {
		for _, r := range g.Rules {
			names = append(names, r.Name)
			if r.Health != "ok" || r.LastError != "" {
				t.Errorf("rule %s: health %q, error %q", r.Name, r.Health, r.LastError)
			}
			if r.Type == "alerting" && r.State != "inactive" {
				t.Errorf("alert %s is %s for a healthy coordinator", r.Name, r.State)
			}
		}
	}
	if want := len(loadRules(t, alertsFile)); len(names) != want {
		t.Errorf("prometheus loaded rules %q, want the %d of %s", names, want, alertsFile)
	}

	// An alert expression and the dashboard's queries evaluate (Grafana's variables filled in).
	p.waitQuery(`histogram_quantile(0.95, sum by (job, instance, project, le) (rate(coordinator_queue_wait_seconds_bucket[1m])))`,
		func(s []sample) bool { return len(s) == 1 }) // NaN: nothing waited in the last minute
	p95 := p.waitQuery(`histogram_quantile(0.95, sum by (le) (coordinator_queue_wait_seconds_bucket))`,
		func(s []sample) bool { return len(s) == 1 })
	if v := p95[0].value(); !(v > 0 && v < 5) {
		t.Errorf("p95 queue wait of the one message = %v, want a few milliseconds", v)
	}
	vars := strings.NewReplacer(`$job`, `coordinator`, `$instance`, `.*`, `$project`, `.*`,
		`$__rate_interval`, `15s`, `$__range`, `5m`)
	d := loadDashboard(t)
	for where, expr := range d.exprs() {
		if _, _, err := p.query(vars.Replace(expr)); err != nil {
			t.Errorf("dashboard panel %s: %v", where, err)
		}
	}
}
