package zone

type Record struct {
	Name  string `yaml:"name"`
	Type  string `yaml:"type"`
	Value string `yaml:"value"`
	TTL   int    `yaml:"ttl"`
}

func (r Record) Valid() bool {
<<<<<<< ours
	return r.Name != "" && r.Value != ""
=======
	return r.Name != "" && r.Value != "" && r.TTL >= 60
>>>>>>> theirs
}
