package prometheus_test

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// exercise takes a Discord-mode coordinator through the events that create its labelled series:
// an answered run, a Discord error, a refusal, two crashing runs that restart the channel actor
// and trip its breaker, a message the open breaker rejects, and a status request (a future).
// It returns the /metrics text once all of them are visible.
func exercise(t *testing.T, c *coordinator) string {
	t.Helper()
	srv := c.discord
	bot := "<@" + fakediscord.DefaultBotID + "> "
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		if err := srv.Wait(ctx, cond); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	srv.Fail("PUT", "/channels/"+chanOK+"/messages/", 1, 403, 50013, "Missing Permissions") // the first reaction
	srv.PostMessage(chanOK, alice, bot+"hello", fakediscord.DefaultBotID)
	waitFor("answer in "+chanOK, func() bool { return len(srv.BotMessages(chanOK)) >= 1 })

	srv.PostMessage(chanOK, mallory, bot+"let me in", fakediscord.DefaultBotID)
	for i := range 2 {
		srv.PostMessage(chanFail, alice, bot+fmt.Sprintf("crash %d fake:exit=3", i), fakediscord.DefaultBotID)
	}
	c.waitMetrics(`coordinator_breaker_trips_total\{project="alpha"\} 1`, `coordinator_access_refusals_total 1`)
	srv.PostMessage(chanFail, alice, bot+"after the trip", fakediscord.DefaultBotID)
	if _, err := c.app.Actors().Status(ctx, chanOK); err != nil {
		t.Fatal(err)
	}
	return c.waitMetrics(
		`coordinator_runs_total\{outcome="ok",project="alpha"\} 1`,
		`coordinator_runs_total\{outcome="crash",project="alpha"\} 2`,
		`coordinator_actor_restarts_total\{project="alpha"\} 2`,
		`coordinator_messages_rejected_total\{project="alpha",reason="breaker_open"\} 1`,
		`coordinator_discord_errors_total\{op="react"\} 1`,
		`coordinator_discord_messages_sent_total [1-9]`,
		`coordinator_gateway_connected 1`,
		`protoactor_actor_restarted_count_total\{`,
		`protoactor_actor_failure_count_total\{`,
		`protoactor_actor_message_receive_duration_seconds_bucket\{`,
		`protoactor_futures_completed_count_total\{`,
	)
}

// A coordinator that went through every event the dashboard and the alerts look at serves each
// metric they name, and promtool check metrics has nothing to say about its /metrics.
func TestLiveMetrics(t *testing.T) {
	c := startDiscord(t)
	text := exercise(t, c)

	t.Run("dashboard and alerts name live metrics", func(t *testing.T) {
		// notExported are names the dashboard or the alerts use that no /metrics can show on demand.
		notExported := map[string]string{
			"up": "made by Prometheus for every scrape",
			"protoactor_deadletter_count_total": "appears only once a message reaches a stopped actor, " +
				"which the actors avoid by design (routing is removed before a stop); no test can cause it on purpose",
		}
		live := sampleNames(text)
		used := usedMetrics(t)
		if len(used) < 10 {
			t.Fatalf("found only %d metric names in the dashboard and the alerts: %v", len(used), used)
		}
		for name, where := range used {
			if _, ok := notExported[name]; ok {
				continue
			}
			if !live[name] {
				t.Errorf("%s, used by %s, is not in the coordinator's /metrics", name, strings.Join(where, ", "))
			}
		}
		for name := range notExported {
			if _, ok := used[name]; !ok {
				t.Errorf("%s is allowed to be absent but nothing uses it: drop it from notExported", name)
			}
		}
	})

	t.Run("promtool check metrics", func(t *testing.T) {
		promtool := needBinary(t, "promtool")
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = strings.NewReader(text)
		out, err := cmd.CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("promtool check metrics: %v\n%s", err, out)
		}
	})
}

// usedMetrics maps every metric name in the dashboard's queries and variables and in the
// alerting rules to where it is used.
func usedMetrics(t *testing.T) map[string][]string {
	t.Helper()
	used := make(map[string][]string)
	add := func(where, expr string) {
		for _, name := range metricNames(expr) {
			used[name] = append(used[name], where)
		}
	}
	d := loadDashboard(t)
	for where, expr := range d.exprs() {
		add("panel "+where, expr)
	}
	for _, v := range d.Templating.List {
		if v.Type == "query" {
			add("variable "+v.Name, v.queryText())
		}
	}
	for _, r := range loadRules(t, alertsFile) {
		add("alert "+r.Alert, r.Expr)
	}
	for _, where := range used {
		slices.Sort(where)
	}
	return used
}

// sampleNames is the set of sample names in a Prometheus text exposition (a histogram shows as
// its _bucket, _sum and _count samples).
func sampleNames(text string) map[string]bool {
	names := make(map[string]bool)
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.IndexAny(line, "{ "); i > 0 {
			names[line[:i]] = true
		}
	}
	return names
}
