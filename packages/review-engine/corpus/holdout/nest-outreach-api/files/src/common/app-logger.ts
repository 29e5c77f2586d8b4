import { type LoggerService } from '@nestjs/common';

/** Nest's logger replacement: JSON lines on stdout, errors on stderr. The console is where logs go. */
export class AppLogger implements LoggerService {
  private write(level: string, message: unknown, context?: string) {
    const line = JSON.stringify({ ts: new Date().toISOString(), level, context, message });
    if (level === 'error') console.error(line);
    else console.log(line);
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }

  error(message: unknown, trace?: string, context?: string) {
    this.write('error', trace ? `${String(message)}\n${trace}` : message, context);
  }

  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string) {
    if (process.env.LOG_DEBUG === '1') this.write('debug', message, context);
  }
}
