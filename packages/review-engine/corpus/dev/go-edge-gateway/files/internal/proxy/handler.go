package proxy

import (
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	"github.com/northwind-labs/edge-gateway/internal/auth"
	"github.com/northwind-labs/edge-gateway/internal/logx"
)

// Handler forwards authenticated requests to the tenant's upstream.
type Handler struct {
	upstreams map[string]*url.URL
	log       *logx.Logger
}

func New(upstreams map[string]*url.URL, log *logx.Logger) *Handler {
	return &Handler{upstreams: upstreams, log: log}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	claims, err := auth.Verify(token)
	if err != nil {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	fmt.Println("claims:", claims.TenantID, claims.Scopes)
	target, ok := h.upstreams[claims.TenantID]
	if !ok {
		h.log.Warn("no upstream", "tenant", claims.TenantID)
		http.Error(w, "no upstream for tenant", http.StatusBadGateway)
		return
	}
	fmt.Printf("forwarding %+v\n", r.Header)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, err error) {
		h.log.Error("upstream failed", "tenant", claims.TenantID, "err", err)
		w.WriteHeader(http.StatusBadGateway)
	}
	r.Header.Del("Authorization")
	r.Header.Set("X-Tenant-ID", claims.TenantID)
	proxy.ServeHTTP(w, r)
}

// HealthBody is what /healthz answers.
func HealthBody(version string) string {
	return fmt.Sprintf(`{"status":"ok","version":%q}`, version)
}
