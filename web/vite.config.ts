import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
/** API paths of the route table; in `vite dev` they go to the local server (npm start). */
const apiPrefixes = ['/rulesets', '/datasets', '/runs', '/simulations', '/audit', '/config.json'];
const apiTarget = process.env.SKILLFUND_API ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  // Relative asset URLs: the same build is served by the local server at / and by CloudFront/S3 in AWS.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        // antd and echarts change less often than the app: separate chunks cache better.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, apiTarget])),
  },
});
