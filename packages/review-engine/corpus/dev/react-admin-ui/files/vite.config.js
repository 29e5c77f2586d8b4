import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    sourcemap: true,
    rollupOptions: {
      output: {
        manualChunks: { mapbox: ['mapbox-gl'] },
      },
    },
  },
  server: {
    port: 5174,
    proxy: { '/admin': 'http://localhost:8080' },
  },
});
