export { commentKey, readHiddenKey, stripHiddenKey, withHiddenKey } from './hidden-key';
export { publishByKeys, type PublishOps } from './publish-by-keys';
