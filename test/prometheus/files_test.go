package prometheus_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The dashboard is a Grafana dashboard of schema 39 with a Prometheus data source variable that
// every query uses, and it shows each topic it is for.
func TestDashboard(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" {
		t.Errorf("uid %q, title %q: both are needed", d.UID, d.Title)
	}
	if d.SchemaVersion != 39 {
		t.Errorf("schemaVersion = %d, want 39", d.SchemaVersion)
	}
	const dsRef = "${datasource}"
	hasDS := false
	for _, v := range d.Templating.List {
		switch v.Type {
		case "datasource":
			hasDS = hasDS || (v.Name == "datasource" && v.queryText() == "prometheus")
		case "query":
			if v.Datasource == nil || v.Datasource.UID != dsRef || v.queryText() == "" {
				t.Errorf("variable %s: datasource %+v, query %q", v.Name, v.Datasource, v.queryText())
			}
		}
	}
	if !hasDS {
		t.Error("no Prometheus data source variable named datasource")
	}
	ids := make(map[int]string)
	for _, p := range d.allPanels() {
		if prev, dup := ids[p.ID]; dup {
			t.Errorf("panels %q and %q share id %d", prev, p.Title, p.ID)
		}
		ids[p.ID] = p.Title
		if p.Type == "row" {
			continue
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		if p.Datasource == nil || p.Datasource.UID != dsRef {
			t.Errorf("panel %q: datasource %+v, want uid %s", p.Title, p.Datasource, dsRef)
		}
		for _, tg := range p.Targets {
			if strings.TrimSpace(tg.Expr) == "" || tg.Datasource == nil || tg.Datasource.UID != dsRef {
				t.Errorf("panel %q query %s: expr %q, datasource %+v", p.Title, tg.RefID, tg.Expr, tg.Datasource)
			}
		}
	}
	// The topics: runs by outcome, run duration and queue wait quantiles, queued and running,
	// restarts and trips, spend, gateway state, messages sent and refusals.
	used := make(map[string]bool)
	for _, expr := range d.exprs() {
		for _, name := range metricNames(expr) {
			used[name] = true
		}
	}
	for _, name := range []string{
		"coordinator_runs_total", "coordinator_run_duration_seconds_bucket", "coordinator_queue_wait_seconds_bucket",
		"coordinator_queued_messages", "coordinator_running_runs", "coordinator_actor_restarts_total",
		"coordinator_breaker_trips_total", "coordinator_claude_cost_usd_total", "coordinator_gateway_connected",
		"coordinator_discord_messages_sent_total", "coordinator_access_refusals_total",
	} {
		if !used[name] {
			t.Errorf("no panel shows %s", name)
		}
	}
}

// alerts.yml has the agreed alerts, each with a severity, a summary and a description.
func TestAlertsFile(t *testing.T) {
	want := []string{
		"CoordinatorDown", "CoordinatorGatewayDisconnected", "CoordinatorBreakerTripped",
		"CoordinatorRunFailureRatioHigh", "CoordinatorQueueWaitHigh", "CoordinatorSpendHigh",
	}
	var got []string
	for _, r := range loadRules(t, alertsFile) {
		if r.Alert == "" {
			continue
		}
		got = append(got, r.Alert)
		if s := r.Labels["severity"]; s != "critical" && s != "warning" {
			t.Errorf("%s: severity %q, want critical or warning", r.Alert, s)
		}
		if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
			t.Errorf("%s: needs a summary and a description, has %v", r.Alert, r.Annotations)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("alerts = %q, want %q", got, want)
	}
}

// promtool accepts the rules, and their unit tests in alerts_test.yml pass.
func TestPromtoolRules(t *testing.T) {
	promtool := needBinary(t, "promtool")
	for _, args := range [][]string{
		{"check", "rules", alertsFile},
		{"test", "rules", alertTestsFile},
	} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "SUCCESS") {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
