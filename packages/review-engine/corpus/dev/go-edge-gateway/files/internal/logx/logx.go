// Package logx is the gateway's logger: key/value pairs, one line per event, on stderr.
package logx

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

type Logger struct {
	mu  sync.Mutex
	out io.Writer
}

func New() *Logger { return &Logger{out: os.Stderr} }

func (l *Logger) write(level, msg string, kv ...any) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s level=%s msg=%q", time.Now().UTC().Format(time.RFC3339Nano), level, msg)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, " %v=%v", kv[i], kv[i+1])
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.out, b.String())
}

func (l *Logger) Info(msg string, kv ...any)  { l.write("info", msg, kv...) }
func (l *Logger) Warn(msg string, kv ...any)  { l.write("warn", msg, kv...) }
func (l *Logger) Error(msg string, kv ...any) { l.write("error", msg, kv...) }

// Println is for the startup banner only.
func (l *Logger) Println(args ...any) {
	fmt.Println(args...)
}
