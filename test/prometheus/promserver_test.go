package prometheus_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// promServer is a real prometheus server started by a test, on a loopback port.
type promServer struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	out    *syncBuffer
	exited chan struct{} // closed once the process has been waited for
}

// syncBuffer is a bytes.Buffer safe for the process's writer and the test's reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startPrometheus runs prometheus with a temp config scraping target every second as job
// coordinator and loading the rule files, and waits until it is ready. The process is stopped
// (SIGTERM, then SIGKILL) when the test ends.
func startPrometheus(t *testing.T, target string, ruleFiles ...string) *promServer {
	t.Helper()
	bin := needBinary(t, "prometheus")
	dir := t.TempDir()
	var rules []string
	for _, f := range ruleFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, strconv.Quote(abs))
	}
	cfg := fmt.Sprintf(`global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
rule_files: [%s]
scrape_configs:
  - job_name: coordinator
    static_configs: [{targets: [%q]}]
`, strings.Join(rules, ", "), target)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	p := &promServer{t: t, base: "http://" + addr, out: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.Env = []string{"HOME=" + dir}
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // stop takes its whole group
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start prometheus: %v", err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.stop)
	if !poll(wait, func() bool {
		select {
		case <-p.exited:
			return true
		default:
		}
		code, _, err := httpGet(p.base + "/-/ready")
		return err == nil && code == http.StatusOK
	}) || p.hasExited() {
		t.Fatalf("prometheus not ready on %s within %s (exited: %v):\n%s", addr, wait, p.hasExited(), p.out.String())
	}
	t.Logf("prometheus %s ready in %s", addr, time.Since(start).Round(time.Millisecond))
	return p
}

func (p *promServer) hasExited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// stop ends the prometheus process group and checks that the process is gone.
func (p *promServer) stop() {
	if !p.hasExited() {
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	}
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
		p.t.Errorf("prometheus ignored SIGTERM for 15s and was killed")
	}
	if err := syscall.Kill(-p.cmd.Process.Pid, 0); !errors.Is(err, syscall.ESRCH) {
		p.t.Errorf("prometheus process group %d still exists after stop (kill 0: %v)", p.cmd.Process.Pid, err)
	}
	if p.t.Failed() {
		p.t.Logf("prometheus output:\n%s", p.out.String())
	}
}

// apiResponse is the envelope of Prometheus's HTTP API.
type apiResponse struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
}

// api GETs an /api/v1 path and returns its data, or an error for an error answer.
func (p *promServer) api(path string, params url.Values) (json.RawMessage, error) {
	code, body, err := httpGet(p.base + "/api/v1/" + path + "?" + params.Encode())
	if err != nil {
		return nil, err
	}
	var r apiResponse
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, fmt.Errorf("GET %s: %d %s", path, code, body)
	}
	if r.Status != "success" {
		return nil, fmt.Errorf("GET %s %v: %s: %s", path, params, r.ErrorType, r.Error)
	}
	return r.Data, nil
}

// sample is one element of an instant vector.
type sample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"` // [unix time, "value"]
}

func (s sample) value() float64 {
	v, _ := strconv.ParseFloat(fmt.Sprint(s.Value[1]), 64)
	return v
}

// query evaluates expr now and returns its result type and, for a vector, its samples.
func (p *promServer) query(expr string) (string, []sample, error) {
	data, err := p.api("query", url.Values{"query": {expr}})
	if err != nil {
		return "", nil, err
	}
	var res struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return "", nil, fmt.Errorf("query %q: %w", expr, err)
	}
	var samples []sample
	if res.ResultType == "vector" {
		if err := json.Unmarshal(res.Result, &samples); err != nil {
			return "", nil, fmt.Errorf("query %q: %w", expr, err)
		}
	}
	return res.ResultType, samples, nil
}

// waitQuery waits until expr returns a vector for which ok holds, and returns it.
func (p *promServer) waitQuery(expr string, ok func([]sample) bool) []sample {
	p.t.Helper()
	var last []sample
	var lastErr error
	if !poll(wait, func() bool {
		_, last, lastErr = p.query(expr)
		return lastErr == nil && ok(last)
	}) {
		p.t.Fatalf("query %q: no acceptable answer within %s; last %v %v", expr, wait, last, lastErr)
	}
	return last
}

// ruleGroup is a group of /api/v1/rules.
type ruleGroup struct {
	Name  string `json:"name"`
	Rules []struct {
		Name           string    `json:"name"`
		Type           string    `json:"type"`
		Health         string    `json:"health"`
		LastError      string    `json:"lastError"`
		State          string    `json:"state"`
		LastEvaluation time.Time `json:"lastEvaluation"`
	} `json:"rules"`
}

// rulesEvaluatedAfter reports whether groups hold rules that have all been evaluated after t.
func rulesEvaluatedAfter(groups []ruleGroup, t time.Time) bool {
	n := 0
	for _, g := range groups {
		for _, r := range g.Rules {
			if r.Health == "unknown" || !r.LastEvaluation.After(t) {
				return false
			}
			n++
		}
	}
	return n > 0
}
