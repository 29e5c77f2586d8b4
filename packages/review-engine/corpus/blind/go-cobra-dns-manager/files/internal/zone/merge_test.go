package zone

import "testing"

// A zone file someone committed mid-merge must be rejected, not published.
const conflicted = `www 300 IN A 192.0.2.10
<<<<<<< HEAD
api 300 IN A 192.0.2.20
=======
api 300 IN A 192.0.2.21
>>>>>>> dns-migration
`

func TestParseRejectsConflictMarkers(t *testing.T) {
	if _, err := ParseZone(conflicted); err == nil {
		t.Fatal("expected an error for a zone with conflict markers")
	}
}
