package app

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/otel"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// newRegistry returns a Prometheus registry with the Go and process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// newMeterProvider bridges OpenTelemetry metrics into reg. protoactor takes its instruments from
// the global meter provider when an actor system is created, so the provider is also installed
// globally: the last App started in a process owns protoactor's metrics.
func newMeterProvider(reg prometheus.Registerer) (*sdkmetric.MeterProvider, error) {
	// WithoutUnits keeps protoactor's names free of a "_ratio" unit suffix (unit "1"), so they do
	// not change when the exporter is upgraded.
	exp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutUnits(), otelprom.WithoutTargetInfo())
	if err != nil {
		return nil, fmt.Errorf("create OpenTelemetry Prometheus exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
	otel.SetMeterProvider(mp)
	return mp, nil
}
