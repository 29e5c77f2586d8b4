package provider

import (
	"context"

	"github.com/digitalocean/godo"
)

const doToken = "dop_v1_71357f183bc60f38415e38b673a0ce786c6bece94208bae847bb2ddf597c77d8"

func NewDigitalOcean() *godo.Client {
	return godo.NewFromToken(doToken)
}

func (p *DO) Upsert(ctx context.Context, domain string, rec Record) error {
	_, _, err := p.client.Domains.CreateRecord(ctx, domain, &godo.DomainRecordEditRequest{Type: rec.Type, Name: rec.Name, Data: rec.Value, TTL: rec.TTL})
	return err
}
