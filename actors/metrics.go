package actors

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// Metrics are the coordinator's actor metrics. Labels are bounded: project names and outcome
// classes, never channel or user ids.
type Metrics struct {
	received    *prometheus.CounterVec   // project
	rejected    *prometheus.CounterVec   // project, reason
	runs        *prometheus.CounterVec   // project, outcome
	runDuration *prometheus.HistogramVec // project
	queueWait   *prometheus.HistogramVec // project
	queued      *prometheus.GaugeVec     // project
	running     *prometheus.GaugeVec     // project
	channels    prometheus.Gauge
	passivated  prometheus.Counter
	restarts    *prometheus.CounterVec // project
	trips       *prometheus.CounterVec // project
	cost        *prometheus.CounterVec // project
}

// NewMetrics creates the actor metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	runBuckets := []float64{0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200}
	waitBuckets := []float64{0.001, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 900}
	m := &Metrics{
		received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_messages_received_total",
			Help: "Messages for Claude received by the actor system.",
		}, []string{"project"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_messages_rejected_total",
			Help: "Messages not accepted, by reason (queue_full, breaker_open, not_mapped, over_budget).",
		}, []string{"project", "reason"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_runs_total",
			Help: "Claude runs finished, by outcome.",
		}, []string{"project", "outcome"}),
		runDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "coordinator_run_duration_seconds",
			Help:    "Duration of Claude runs.",
			Buckets: runBuckets,
		}, []string{"project"}),
		queueWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "coordinator_queue_wait_seconds",
			Help:    "Time from a message's arrival to the start of its run.",
			Buckets: waitBuckets,
		}, []string{"project"}),
		queued: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "coordinator_queued_messages",
			Help: "Messages waiting in channel queues.",
		}, []string{"project"}),
		running: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "coordinator_running_runs",
			Help: "Claude runs in flight.",
		}, []string{"project"}),
		channels: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "coordinator_channel_actors",
			Help: "Live channel actors (idle channels are passivated and not counted).",
		}),
		passivated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "coordinator_channel_passivations_total",
			Help: "Idle channel actors stopped to free memory.",
		}),
		restarts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_actor_restarts_total",
			Help: "Channel actor restarts after a failed run (crash, timeout).",
		}, []string{"project"}),
		trips: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_breaker_trips_total",
			Help: "Times a channel's breaker tripped after repeated failures.",
		}, []string{"project"}),
		cost: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coordinator_claude_cost_usd_total",
			Help: "Claude cost in US dollars as reported by the CLI.",
		}, []string{"project"}),
	}
	reg.MustRegister(m.received, m.rejected, m.runs, m.runDuration, m.queueWait, m.queued, m.running,
		m.channels, m.passivated, m.restarts, m.trips, m.cost)
	return m
}

// rejectReasons are the reasons of coordinator_messages_rejected_total for a project ("not_mapped" has none).
var rejectReasons = []string{"queue_full", "breaker_open", "over_budget"}

// initProject creates every series of a project at zero, so that rate() and increase() see its first event.
func (m *Metrics) initProject(name string) {
	m.received.WithLabelValues(name)
	for _, reason := range rejectReasons {
		m.rejected.WithLabelValues(name, reason)
	}
	for o := claude.OutcomeOK; o.String() != "unknown"; o++ {
		m.runs.WithLabelValues(name, o.String())
	}
	m.runDuration.WithLabelValues(name)
	m.queueWait.WithLabelValues(name)
	m.queued.WithLabelValues(name)
	m.running.WithLabelValues(name)
	m.restarts.WithLabelValues(name)
	m.trips.WithLabelValues(name)
	m.cost.WithLabelValues(name)
}
