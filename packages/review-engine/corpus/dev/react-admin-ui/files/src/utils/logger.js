// Console logger for the admin UI: prefixes, levels, silenced in production builds except errors.
const LEVELS = ['debug', 'info', 'warn', 'error'];
const minimum = import.meta.env.PROD ? 'error' : (import.meta.env.VITE_LOG_LEVEL ?? 'debug');

function emit(level, scope, args) {
  if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) return;
  const prefix = `[${new Date().toISOString()}] ${level.toUpperCase()} ${scope}:`;
  const sink = level === 'debug' ? console.log : console[level];
  sink(prefix, ...args);
}

export function createLogger(scope) {
  return Object.fromEntries(LEVELS.map((level) => [level, (...args) => emit(level, scope, args)]));
}
