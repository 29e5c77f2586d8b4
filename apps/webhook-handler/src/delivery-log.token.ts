/** The delivery log (WEBHOOK_DELIVERY_LOG=postgres), or null when Redis alone holds accepted deliveries. */
export const DELIVERY_LOG = Symbol('kodus.webhook.delivery-log');
