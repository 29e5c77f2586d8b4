/** Opaque pagination cursor: the (created_at, id) of the last item of a page, base64url JSON. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API issued');
    this.name = 'InvalidCursorError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * Exactly what `toISOString()` writes for years 0001-9999, which PostgreSQL reads (not year 0000: 1 BC, which
 * it refuses as written).
 */
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt.toISOString(), id: position.id })).toString(
    'base64url',
  );
}

/**
 * Accepts only what {@link encodeCursor} could have written: a tampered timestamp (`2020-02-30...`,
 * which Date.parse rolls over, or `+275760-...`, which PostgreSQL refuses) is an invalid cursor, not a
 * database error.
 */
function isIssuedInstant(t: string): boolean {
  if (!ISO_INSTANT.test(t)) return false;
  const date = new Date(t);
  return !Number.isNaN(date.getTime()) && date.toISOString() === t;
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 't' in value && 'id' in value) {
      const { t, id } = value as { t: unknown; id: unknown };
      if (typeof t === 'string' && isIssuedInstant(t) && typeof id === 'string' && UUID.test(id)) {
        return { createdAt: t, id };
      }
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}
