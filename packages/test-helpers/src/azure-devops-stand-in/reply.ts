import { createHash } from 'node:crypto';
import type { AzureIdentity, AzureStore } from './state';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  store: AzureStore;
  /** The collection URL, for the `url` fields. */
  collectionUrl: string;
  /** Largest page the changes endpoints answer (Azure: 2000). */
  maxPage: number;
  /** Who the request's PAT authenticates as: the author of what it posts. */
  identity: AzureIdentity;
}

/** Azure DevOps' error body: `message`, `typeName`, `typeKey`, `errorCode`, `eventId`. */
export function azureError(status: number, message: string, typeKey: string): Reply {
  return {
    status,
    body: {
      $id: '1',
      innerException: null,
      message,
      typeName: `Microsoft.TeamFoundation.SourceControl.WebServer.${typeKey}, Microsoft.TeamFoundation.SourceControl.WebServer`,
      typeKey,
      errorCode: 0,
      eventId: 3000,
    },
  };
}

export const objectId = (content: string | Buffer) => createHash('sha1').update(content).digest('hex');

export function pageOf(
  ctx: RouteContext,
  query: URLSearchParams,
  total: number,
): { skip: number; top: number } | Reply {
  const top = query.get('$top') === null ? 100 : Number(query.get('$top'));
  const skip = query.get('$skip') === null ? 0 : Number(query.get('$skip'));
  if (!Number.isInteger(top) || top < 0 || !Number.isInteger(skip) || skip < 0) {
    return azureError(400, 'The value of $top or $skip is not valid.', 'InvalidArgumentValueException');
  }
  return { skip: Math.min(skip, total), top: Math.min(top, ctx.maxPage) };
}
