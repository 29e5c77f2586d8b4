package log

import (
	"fmt"
	"os"
	"time"
)

// Infof writes one line to stderr; the CLI and the API share it.
func Infof(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s INFO "+format+"\n", append([]any{time.Now().Format(time.RFC3339)}, args...)...)
}

func Println(args ...any) {
	fmt.Println(append([]any{time.Now().Format(time.RFC3339)}, args...)...)
}
