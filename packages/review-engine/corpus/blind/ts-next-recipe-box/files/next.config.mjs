/** @type {import('next').NextConfig} */
const nextConfig = {
  env: {
    PLANNER_API_URL: process.env.PLANNER_API_URL,
  },
  images: { remotePatterns: [{ hostname: 'images.recipebox.example.com' }] },
  serverRuntimeConfig: { stripeSecret: process.env.STRIPE_SECRET_KEY },
};

export default nextConfig;
