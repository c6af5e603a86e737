package gateway

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// metrics are the gateway's Prometheus metrics.
type metrics struct {
	connected   prometheus.Gauge
	events      *prometheus.CounterVec // type
	sent        prometheus.Counter
	refusals    prometheus.Counter
	errors      *prometheus.CounterVec // op
	redactions  prometheus.Counter
	rateLimited prometheus.Counter
	// progressEdits counts edits of status messages (progress and final lines).
	progressEdits prometheus.Counter
}

// newMetrics creates the gateway's metrics, registered with reg.
func newMetrics(reg prometheus.Registerer) *metrics {
	f := promauto.With(reg)
	counter := func(name, help string) prometheus.Counter {
		return f.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	}
	return &metrics{
		connected: f.NewGauge(prometheus.GaugeOpts{
			Name: "coordinator_gateway_connected",
			Help: "1 while the Discord gateway session is connected (READY or RESUMED), else 0.",
		}),
		events: f.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_gateway_events_total",
			Help: "Gateway events handled, by type (ready, resumed, disconnect, message, mention, thread, interaction).",
		}, []string{"type"}),
		sent:     counter("coordinator_discord_messages_sent_total", "Messages the bot sent to Discord."),
		refusals: counter("coordinator_access_refusals_total", "Mentions and commands refused because the user is not allowed."),
		errors: f.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_discord_errors_total",
			Help: "Discord REST calls that failed, by operation.",
		}, []string{"op"}),
		redactions: counter("coordinator_redactions_total", "Secrets removed from messages before the bot posted them."),
		rateLimited: counter("coordinator_rate_limited_total",
			"Mentions not run because their user exceeded discord.user_rate_limit."),
		progressEdits: counter("coordinator_progress_edits_total",
			"Edits of run status messages (progress updates and final lines)."),
	}
}
