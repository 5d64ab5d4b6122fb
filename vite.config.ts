import { defineConfig } from 'vite';

const apiPort = Number(process.env.PORT ?? 8080);

// The client lives in client/; the server serves client/dist after `vite build`.
export default defineConfig({
  root: 'client',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
});
