import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /docs-json and its UI at /docs; `version`: the build's (KODUS_VERSION). */
export function serveOpenApi(app: NestFastifyApplication, version = 'dev'): void {
  const config = new DocumentBuilder()
    .setTitle('Kodus API')
    .setDescription(
      'Review history, manual reviews, queue status, and (soon) integrations, repositories, settings and ' +
        'rules. Every route needs `Authorization: Bearer <API_ADMIN_TOKEN>`.\n\n' +
        'Queue dashboard (Bull Board, not part of this document): `/admin/queues`. Scripts and ' +
        'header-injecting proxies send the bearer header; a browser signs in once at ' +
        '`/admin/queues/login` (a form POST of the token, never a URL) and gets an HttpOnly, ' +
        'SameSite=Strict session cookie for `/admin/queues`, valid 8 hours or until the token changes.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API_ADMIN_TOKEN' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}
