package store

import (
	"path/filepath"
	"testing"
	"time"
)

func TestChannelProjectsPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_800_000_000, 0).UTC()
	for _, p := range []ChannelProject{
		{ChannelID: "200", Name: "b", Dir: "/srv/b", AddedBy: "ann", AddedAt: at},
		{ChannelID: "100", Name: "a", Dir: "/srv/a", AddedBy: "bob"},
	} {
		if err := s.PutChannelProject(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutChannelProject(ChannelProject{ChannelID: "300"}); err == nil {
		t.Fatal("a mapping without a dir was accepted")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
		mustCheckFile(t, path)
	})
	got, err := s.ListChannelProjects()
	if err != nil || len(got) != 2 || got[0].ChannelID != "100" || got[1].Dir != "/srv/b" || !got[1].AddedAt.Equal(at) || got[0].AddedAt.IsZero() {
		t.Fatalf("ListChannelProjects = %+v, %v", got, err)
	}
	if ok, err := s.DeleteChannelProject("100"); !ok || err != nil {
		t.Fatalf("delete = %v, %v", ok, err)
	}
	if ok, _ := s.DeleteChannelProject("100"); ok {
		t.Fatal("second delete reported a mapping")
	}
	if got, _ := s.ListChannelProjects(); len(got) != 1 {
		t.Fatalf("after delete: %+v", got)
	}
}
