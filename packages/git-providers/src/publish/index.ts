export { commentKey, readHiddenKey, stripHiddenKey, withHiddenKey } from './hidden-key';
export {
  accountScope,
  askedOnce,
  identityOrOwnPosts,
  isOwnPostsOnly,
  isRefusedIdentity,
  OWN_POSTS_ONLY,
  type OwnPostsOnly,
  OwnPosts,
  type PostingAccountStore,
} from './own-posts';
export { publishByKeys, type PublishOps } from './publish-by-keys';
