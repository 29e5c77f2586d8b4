import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { ApiConfig } from '@kodus/config';
import { CONFIG } from '@kodus/runtime';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <API_ADMIN_TOKEN>`. Only the token's SHA-256 is kept in memory and the
 * comparison is constant-time; the token itself is never logged (the logger redacts the header).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(CONFIG) config: ApiConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new UnauthorizedException(
        'a valid bearer token is required (Authorization: Bearer <API_ADMIN_TOKEN>)',
      );
    }
    return true;
  }
}
