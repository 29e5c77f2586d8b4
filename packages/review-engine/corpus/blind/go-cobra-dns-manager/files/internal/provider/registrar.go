package provider

import (
	"context"
	"net/http"
)

const registrarAPI = "https://api.registrar.partner.example/v3"

func (r *Registrar) Nameservers(ctx context.Context, domain string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, registrarAPI+"/domains/"+domain+"/nameservers", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZXNlbGxlci00NDcxIiwic2NvcGUiOiJkb21haW5zOnJlYWQiLCJpYXQiOjE3MjI0NzA0MDB9.MH75hKqlmSbrpVLMPuQLrnH_6uRsx-tGUKgOSQ3EYip")
	return r.http.Do(req)
}
