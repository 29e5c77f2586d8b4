export { commentKey, readHiddenKey, stripHiddenKey, withHiddenKey } from './hidden-key';
export {
  askedOnce,
  identityOrOwnPosts,
  isOwnPostsOnly,
  isRefusedIdentity,
  OWN_POSTS_ONLY,
  type OwnPostsOnly,
  OwnPosts,
} from './own-posts';
export { publishByKeys, type PublishOps } from './publish-by-keys';
