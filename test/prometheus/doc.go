// Package prometheus holds the monitoring test tier: the alerting rules and the Grafana dashboard
// in deploy/ checked against a live, in-process coordinator and a real Prometheus server.
//
// # What the tests prove
//
//   - promtool check rules and promtool test rules pass on deploy/prometheus (the rules parse and
//     every alert fires on its series and stays quiet on healthy ones).
//   - promtool check metrics finds nothing to complain about in the coordinator's /metrics.
//   - A real prometheus server scrapes the coordinator, loads the alerting rules, evaluates every
//     rule without error and raises no alert for a healthy coordinator.
//   - Every metric named in the dashboard's queries and in the alerting rules exists in a live
//     /metrics of a coordinator that went through a run, a failing run, a breaker trip, a
//     rejection, a refusal and a Discord error, so renaming a metric breaks the tier.
//
// # Requirements
//
// The tests that need prometheus or promtool skip with a message when the binaries are not on
// PATH; .ci/install-prometheus.sh installs them from Debian's prometheus package. The dashboard
// and name checks need neither.
package prometheus
