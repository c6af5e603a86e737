package prometheus_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	// labelValues is a Grafana variable query label_values(SELECTOR, LABEL).
	labelValues = regexp.MustCompile(`^\s*label_values\((.*),\s*[a-zA-Z_]\w*\s*\)\s*$`)
	// stringLit is a PromQL string literal in any of its three quotes.
	stringLit = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")
	// matchers and ranges are label matchers and range or subquery durations.
	matchers = regexp.MustCompile(`\{[^}]*\}`)
	ranges   = regexp.MustCompile(`\[[^\]]*\]`)
	// grouping is a clause that lists label names, not metrics.
	grouping = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	// promqlToken is a number or duration, a Grafana variable, or an identifier.
	promqlToken = regexp.MustCompile(`[0-9][0-9a-zA-Z_.]*|\$\w+|[a-zA-Z_:][a-zA-Z0-9_:]*`)
	// keywords are PromQL words that are not metric names.
	keywords = map[string]bool{
		"and": true, "or": true, "unless": true, "bool": true, "offset": true, "by": true, "without": true,
		"on": true, "ignoring": true, "group_left": true, "group_right": true, "atan2": true, "inf": true,
		"nan": true, "Inf": true, "NaN": true,
	}
)

// metricNames returns the metric names a PromQL expression (or a Grafana label_values query)
// selects, sorted and without duplicates. It drops string literals, label matchers, ranges,
// grouping clauses and function calls, and keeps the identifiers that are left.
func metricNames(expr string) []string {
	if m := labelValues.FindStringSubmatch(expr); m != nil {
		expr = m[1]
	} else if strings.HasPrefix(strings.TrimSpace(expr), "label_values(") {
		return nil // label_values(LABEL): no metric
	}
	expr = stringLit.ReplaceAllString(expr, `""`)
	expr = matchers.ReplaceAllString(expr, " ")
	expr = ranges.ReplaceAllString(expr, " ")
	expr = grouping.ReplaceAllString(expr, " ")
	var names []string
	for _, loc := range promqlToken.FindAllStringIndex(expr, -1) {
		tok := expr[loc[0]:loc[1]]
		if tok[0] == '$' || (tok[0] >= '0' && tok[0] <= '9') || keywords[tok] {
			continue
		}
		if rest := strings.TrimLeft(expr[loc[1]:], " \t\n"); strings.HasPrefix(rest, "(") {
			continue // a function or an aggregation
		}
		if !slices.Contains(names, tok) {
			names = append(names, tok)
		}
	}
	slices.Sort(names)
	return names
}

// The extractor finds exactly the metrics of the expression shapes the dashboard and the alerts use.
func TestMetricNames(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{`up{job="coordinator"} == 0`, []string{"up"}},
		{`coordinator_gateway_connected`, []string{"coordinator_gateway_connected"}},
		{`increase(coordinator_breaker_trips_total[10m]) > 0
		  or (coordinator_breaker_trips_total unless coordinator_breaker_trips_total offset 10m)
		  and on (job, instance) (up offset 10m == 1)`,
			[]string{"coordinator_breaker_trips_total", "up"}},
		{`sum by (job, instance, project) (rate(coordinator_runs_total{outcome=~"crash|timeout"}[15m]))
		  / sum by (job, instance, project) (rate(coordinator_runs_total[15m])) > 0.2`,
			[]string{"coordinator_runs_total"}},
		{`histogram_quantile(0.95, sum by (le) (rate(coordinator_queue_wait_seconds_bucket{job=~"$job", project=~"$project"}[$__rate_interval])))`,
			[]string{"coordinator_queue_wait_seconds_bucket"}},
		{`sum(rate(coordinator_claude_cost_usd_total[1h])) * 3600 > 1e1`, []string{"coordinator_claude_cost_usd_total"}},
		{`sum without (instance) (go_goroutines) + ignoring (x) group_left (y) process_open_fds`,
			[]string{"go_goroutines", "process_open_fds"}},
		{`label_values(coordinator_channel_actors{job=~"$job", instance=~"x,y"}, instance)`, []string{"coordinator_channel_actors"}},
		{`label_values(job)`, nil},
		{`sum(increase(coordinator_runs_total{a="b"}[$__range])) / on() group_left() vector(1)`, []string{"coordinator_runs_total"}},
		{`count({__name__=~"protoactor_.+"}) and bool 'x{y}'`, nil},
	}
	for _, tt := range tests {
		if got := metricNames(tt.expr); !slices.Equal(got, tt.want) {
			t.Errorf("metricNames(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}
