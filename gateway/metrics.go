package gateway

import "github.com/prometheus/client_golang/prometheus"

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

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "coordinator_gateway_connected",
			Help: "1 while the Discord gateway session is connected (READY or RESUMED), else 0.",
		}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_gateway_events_total",
			Help: "Gateway events handled, by type (ready, resumed, disconnect, message, mention, interaction).",
		}, []string{"type"}),
		sent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "coordinator_discord_messages_sent_total",
			Help: "Messages the bot sent to Discord.",
		}),
		refusals: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "coordinator_access_refusals_total",
			Help: "Mentions and commands refused because the user is not allowed.",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_discord_errors_total",
			Help: "Discord REST calls that failed, by operation.",
		}, []string{"op"}),
	}
	m.redactions = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "coordinator_redactions_total",
		Help: "Secrets removed from messages before the bot posted them.",
	})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "coordinator_rate_limited_total",
		Help: "Mentions not run because their user exceeded discord.user_rate_limit.",
	})
	m.progressEdits = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "coordinator_progress_edits_total",
		Help: "Edits of run status messages (progress updates and final lines).",
	})
	reg.MustRegister(m.connected, m.events, m.sent, m.refusals, m.errors, m.redactions, m.rateLimited, m.progressEdits)
	return m
}
