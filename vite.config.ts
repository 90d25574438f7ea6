import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // antd is ~1.4 MB (~430 kB gzipped) with the card files' calendar, tree and date pickers; every page
    // uses it, so splitting it further gains nothing.
    chunkSizeWarningLimit: 1500,
    // Libraries change less often than the app: separate chunks stay cached across releases.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+)[\\/]/ },
            // The calculation editor's CodeMirror loads with that page only, not in everyone's bundle.
            {
              name: 'codemirror',
              test: /node_modules[\\/](@codemirror|codemirror|@lezer|@marijn|crelt|style-mod|w3c-keyname)[\\/]/,
            },
            // The queue statistics' charts load with that page only.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
    // The web code imports src/shared, outside the web root.
    fs: { allow: [repoRoot] },
  },
});
