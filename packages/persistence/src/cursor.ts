/** Opaque pagination cursor: the (created_at, id) of the last item of a page, base64url JSON. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API issued');
    this.name = 'InvalidCursorError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt.toISOString(), id: position.id })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 't' in value && 'id' in value) {
      const { t, id } = value as { t: unknown; id: unknown };
      if (typeof t === 'string' && !Number.isNaN(Date.parse(t)) && typeof id === 'string' && UUID.test(id)) {
        return { createdAt: t, id };
      }
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}
