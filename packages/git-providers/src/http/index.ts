export {
  DEFAULT_RETRY,
  MAX_PAGES,
  ProviderHttp,
  type HttpMethod,
  type ProviderHttpOptions,
  type ProviderRequest,
  type ProviderResponse,
  type RetryPolicy,
} from './provider-http';
export { errorFromNetwork, errorFromResponse, isSignInPage, PROVIDER_LABEL } from './classify';
export { hasRateLimitSignal, quotaExhausted, retryAfterMs } from './rate-limit';
export {
  azureNext,
  bitbucketNext,
  gitlabNextPage,
  linkHeaderNext,
  nextPageUrl,
  type PagingStyle,
} from './paging';
export { credentialsIn } from './credentials';
