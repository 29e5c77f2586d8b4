import type { Match } from './scan.js';

/** The shield shown in the HTML report's header (16x16 PNG). */
const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGXRFWHRTb2Z0d2FyZQBBZG9iZSBJbWFnZVJlYWR5ccllPAAAAVRJREFUeNqkU7tOwzAUPU6TNG2hLUKiA2JgQGJj4wP4Bf6BiQmJjQkJiY0JCYmNDYmNDQmJjQ0J8QE8Ap0qhT7SNHXsmx3bSdMK0cFWbF/f43Ov7zUhhOA/RlyP/Ku1aFz6sWbdAiN1E2nKQzY6mBtBWNGNY4+HNOEOqS0e4BpRz1bH2NC2KOVpGkxQ6mYqWcTfR5hVyW1JVAXUOjtqZ8tUwEEcjzRMMzGrsLSjpVHzuDLB2cPMKCRy3YF0vQHR9BxTjVh0MTbNQbWtSLKGhQXFpXW7wo5EWSE5cWqpD5dXQzEkA5NzrwRbM0jrKSqW8ik3NG1NcBmlVjWoJ2OM3HfXqZaSzHWLMKIbGLXzcmv9O23F7ahMgPJdzhGi2c0cJnGOyvYJD0MmqWJRmSVT+OEHgEJZB3EVihvVsAAAAASUVORK5CYII=';

export function renderReport(matches: Match[]): string {
  const rows = matches
    .map((m) => `<tr><td>${m.file}</td><td>${m.line}</td><td>${m.rule.id}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html><head><title>leakguard report</title></head>
<body>
<header><img src="${LOGO}" alt="" width="16" height="16"> leakguard</header>
<table><thead><tr><th>File</th><th>Line</th><th>Rule</th></tr></thead>
<tbody>${rows}</tbody></table>
</body></html>`;
}
