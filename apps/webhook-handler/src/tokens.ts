/** The delivery log (WEBHOOK_DELIVERY_LOG=postgres), or null when Redis alone holds accepted deliveries. */
export const DELIVERY_LOG = Symbol('kodus.webhook.delivery-log');
/** The last head seen per pull request (Redis), or null: then head-moved-only events are always queued. */
export const LAST_SEEN_HEADS = Symbol('kodus.webhook.last-seen-heads');
