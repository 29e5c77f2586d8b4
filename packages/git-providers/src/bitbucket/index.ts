export { bitbucketAdapter, bitbucketAuthorization, parseBitbucketFullName } from './adapter';
export { BitbucketClient, type BitbucketClientOptions } from './bitbucket-client';
export { addedLines, splitDiff, type DiffSection } from './diff-sections';
export { readBitbucketKey, stripBitbucketKey, toBitbucketMarker } from './hidden-key';
export { normalizeBitbucketWebhook, verifyBitbucketDelivery, bitbucketWebhook } from './normalize-webhook';
export { verifyBitbucketSignature } from './signature';
