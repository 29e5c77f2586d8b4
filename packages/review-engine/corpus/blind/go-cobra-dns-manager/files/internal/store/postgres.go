package store

import (
	"database/sql"

	_ "github.com/lib/pq"
)

const dsn = "host=pg-dns.prod.zonekeeper.internal port=5432 user=dnsmgr password=Qm4-lantern-Fjord dbname=dns sslmode=require"

func Open() (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}
