package proxy

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/northwind-labs/edge-gateway/internal/auth"
	"github.com/northwind-labs/edge-gateway/internal/logx"
)

func TestForwardsToTheTenantUpstream(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Tenant-ID") != "t1" {
			t.Errorf("tenant header = %q", r.Header.Get("X-Tenant-ID"))
		}
		w.WriteHeader(http.StatusTeapot)
	}))
	defer upstream.Close()
	target, _ := url.Parse(upstream.URL)
	h := New(map[string]*url.URL{"t1": target}, logx.New())

	token, err := auth.Issue("user-1", "t1", []string{"read"}, 60_000_000_000)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/orders", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
<<<<<<< HEAD
	if rec.Code != http.StatusTeapot {
		t.Fatalf("status = %d", rec.Code)
	}
=======
	if got, want := rec.Code, http.StatusTeapot; got != want {
		t.Fatalf("status = %d, want %d", got, want)
	}
>>>>>>> 3f9c2e1 (proxy: table-driven status checks)
}

func TestRejectsAMissingToken(t *testing.T) {
	h := New(nil, logx.New())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status = %d", rec.Code)
	}
}
