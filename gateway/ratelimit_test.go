package gateway

import (
	"fmt"
	"testing"
	"time"
)

func TestUserRate(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	r := newUserRate(3, time.Minute)
	r.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := r.allow("ann"); !ok {
			t.Fatalf("mention %d refused under the limit", i+1)
		}
	}
	if ok, notify := r.allow("ann"); ok || !notify {
		t.Fatalf("4th mention: ok=%v notify=%v, want refused and told", ok, notify)
	}
	if ok, notify := r.allow("ann"); ok || notify {
		t.Fatalf("5th mention: ok=%v notify=%v, want refused silently", ok, notify)
	}
	if ok, _ := r.allow("bob"); !ok {
		t.Fatal("another user was limited")
	}
	now = now.Add(time.Minute)
	if ok, _ := r.allow("ann"); !ok {
		t.Fatal("still limited after the window")
	}
	var off *userRate
	if ok, _ := off.allow("x"); !ok {
		t.Fatal("nil limiter refused")
	}
	if ok, _ := newUserRate(0, time.Minute).allow("x"); !ok {
		t.Fatal("limit 0 refused")
	}
}

func TestUserRateMemoryIsBounded(t *testing.T) {
	r := newUserRate(1, time.Minute)
	r.maxUsers = 100
	for i := range 10_000 {
		r.allow(fmt.Sprint("user", i))
		if len(r.seen) > r.maxUsers {
			t.Fatalf("%d users tracked, bound %d", len(r.seen), r.maxUsers)
		}
	}
}
