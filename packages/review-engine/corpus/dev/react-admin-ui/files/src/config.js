// Build-time configuration of the admin console.
export const API_URL = import.meta.env.VITE_API_URL ?? 'https://api.harborline.example/admin';

// Error reporting: the DSN is public by design (it only allows sending events).
export const SENTRY_DSN = 'https://4f1c9e2a7b3d48e6a0c5f9b1d3e7a2c4@o4507123456789.ingest.de.sentry.io/4507987654321';

// Berth map. Server-side token with the styles:write scope, used by the map upload page.
export const MAPBOX_UPLOAD_TOKEN =
  'sk.eyJ1IjogImhhcmJvcmxpbmUiLCAiYSI6ICJjbHg4azJtOXYwcTNyN3QxdzR6NmI1bjgifQ.gtD7fGUOv8fwNfBb0jXxUJ';

export const PAGE_SIZE = 50;
export const FEATURE_FLAGS = {
  bulkRefunds: import.meta.env.VITE_FLAG_BULK_REFUNDS === 'true',
  newBerthPlanner: false,
};
