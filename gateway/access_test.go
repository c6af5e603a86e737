package gateway

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/test/fakeclock"
)

func TestAccess(t *testing.T) {
	policy := AccessPolicy{
		AllowedUsers: []string{"100", ""},
		AllowedRoles: []string{"r-dev"},
		AdminUsers:   []string{"900"},
		AdminRoles:   []string{"r-ops"},
	}
	tests := []struct {
		name      string
		policy    AccessPolicy
		user      string
		roles     []string
		wantUse   bool
		wantAdmin bool
	}{
		{"empty policy denies", AccessPolicy{}, "100", []string{"r-dev"}, false, false},
		{"stranger denied", policy, "555", nil, false, false},
		{"allowed user", policy, "100", nil, true, false},
		{"allowed role", policy, "555", []string{"r-x", "r-dev"}, true, false},
		{"unknown roles", policy, "555", []string{"r-x", "r-y"}, false, false},
		{"admin user can use", policy, "900", nil, true, true},
		{"admin role can use", policy, "555", []string{"r-ops"}, true, true},
		{"admin-only listing", AccessPolicy{AdminUsers: []string{"900"}}, "900", nil, true, true},
		{"user id is not a role", policy, "r-dev", nil, false, false},
		{"role id is not a user", AccessPolicy{AllowedRoles: []string{"100"}}, "100", nil, false, false},
		{"empty ids in the policy match nothing", policy, "", []string{""}, false, false},
		{"allow all lets anyone use", AccessPolicy{AllowAll: true}, "555", nil, true, false},
		{"allow all makes no admin", AccessPolicy{AllowAll: true, AdminUsers: []string{"900"}}, "555", nil, true, false},
		{"allow all keeps admins", AccessPolicy{AllowAll: true, AdminUsers: []string{"900"}}, "900", nil, true, true},
		{"allow all still needs a user id", AccessPolicy{AllowAll: true}, "", nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAccess(tt.policy)
			if got := a.CanUse(tt.user, tt.roles); got != tt.wantUse {
				t.Errorf("CanUse(%q, %q) = %v, want %v", tt.user, tt.roles, got, tt.wantUse)
			}
			if got := a.IsAdmin(tt.user, tt.roles); got != tt.wantAdmin {
				t.Errorf("IsAdmin(%q, %q) = %v, want %v", tt.user, tt.roles, got, tt.wantAdmin)
			}
		})
	}
}

func TestAccessNilDenies(t *testing.T) {
	var a *Access
	if a.CanUse("100", nil) || a.IsAdmin("100", nil) {
		t.Error("a nil *Access allowed a user")
	}
}

func TestRefusalsWindow(t *testing.T) {
	tests := []struct {
		name   string
		window time.Duration
		want   time.Duration // the window in effect
	}{
		{"explicit window", time.Minute, time.Minute},
		{"zero means the default", 0, DefaultRefusalWindow},
		{"negative means the default", -time.Second, DefaultRefusalWindow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
			r := &Refusals{Window: tt.window, Now: clock.Now}
			steps := []struct {
				advance time.Duration
				user    string
				want    bool
			}{
				{0, "u1", true},
				{0, "u1", false},
				{0, "u2", true}, // users are independent
				{tt.want - time.Nanosecond, "u1", false},
				{time.Nanosecond, "u1", true}, // a full window after the first refusal
				{time.Nanosecond, "u1", false},
				{0, "u2", true},
			}
			for i, s := range steps {
				clock.Advance(s.advance)
				if got := r.Allow(s.user); got != s.want {
					t.Fatalf("step %d: Allow(%q) = %v, want %v", i, s.user, got, s.want)
				}
			}
		})
	}
}

func TestRefusalsEvictsOldest(t *testing.T) {
	clock := fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	r := &Refusals{Window: time.Hour, MaxUsers: 3, Now: clock.Now}
	for _, u := range []string{"a", "b", "c", "d"} {
		if !r.Allow(u) {
			t.Fatalf("first Allow(%q) = false", u)
		}
		clock.Advance(time.Second)
	}
	if n := r.Len(); n != 3 {
		t.Fatalf("Len = %d after 4 users, want the bound 3", n)
	}
	if r.Allow("d") || r.Allow("c") || r.Allow("b") {
		t.Error("a remembered user was allowed again within the window")
	}
	if !r.Allow("a") {
		t.Error("the oldest user was not evicted")
	}
	if n := r.Len(); n != 3 {
		t.Errorf("Len = %d, want 3", n)
	}
	if !r.Allow("b") {
		t.Error("re-adding the evicted user should have evicted the next oldest, b")
	}
}

func TestRefusalsForgetsExpired(t *testing.T) {
	clock := fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	r := &Refusals{Window: time.Minute, Now: clock.Now}
	for i := range 100 {
		r.Allow(fmt.Sprint("user", i))
	}
	clock.Advance(time.Minute)
	r.Allow("late")
	if n := r.Len(); n != 1 {
		t.Errorf("Len = %d after the window passed, want 1", n)
	}
}

func TestRefusalsConcurrentBound(t *testing.T) {
	clock := fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	r := &Refusals{Window: time.Minute, MaxUsers: 16, Now: clock.Now}
	const goroutines, calls = 32, 200
	var over atomic.Int64 // observed sizes above the bound
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				r.Allow(fmt.Sprintf("user-%d-%d", g, i%40))
				if r.Len() > 16 {
					over.Add(1)
				}
				if i%50 == 0 {
					clock.Advance(time.Second)
				}
			}
		}()
	}
	wg.Wait()
	if n := over.Load(); n > 0 {
		t.Errorf("Len exceeded MaxUsers 16 %d times", n)
	}
	if n := r.Len(); n != 16 {
		t.Errorf("Len = %d at the end, want 16", n)
	}
}

func TestRefusalsConcurrentSameUser(t *testing.T) {
	clock := fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	r := &Refusals{Now: clock.Now}
	const goroutines = 64
	var allowed atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range 10 {
				if r.Allow("u") {
					allowed.Add(1)
				}
				r.Allow(fmt.Sprintf("other-%d-%d", g, i)) // 640 others: below the default bound
				clock.Advance(time.Millisecond)
			}
		}()
	}
	close(start)
	wg.Wait()
	if n := allowed.Load(); n != 1 {
		t.Errorf("concurrent Allow calls for one user within a window returned true %d times, want 1", n)
	}
}
