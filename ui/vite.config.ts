import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const uiDir = path.dirname(fileURLToPath(import.meta.url));

// The UI is built into dist/ui, which the server serves at `/`.
export default defineConfig({
  root: uiDir,
  plugins: [react()],
  build: {
    outDir: path.resolve(uiDir, '..', 'dist', 'ui'),
    emptyOutDir: true,
    target: 'es2020',
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/fhir': 'http://localhost:8080', '/health': 'http://localhost:8080' },
  },
});
