/**
 * The analyst's builder: a static single-page app. `npm run ui:build` writes ui-builder/dist, which
 * the server serves at `/`; at run time the app talks only to `/graphql` (proxied here in dev).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The form editor loads on demand; the rest is split so a release that changes only our code
    // leaves the large, stable vendor chunks cached.
    // properties-panel carries CodeMirror and the FEEL editor (~1.1 MB, ~320 kB gzipped).
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'properties-panel',
              test: /node_modules[\\/](@bpmn-io[\\/](properties-panel|feel|feelers|feel-editor|feel-lint|extract-process-variables)|bpmn-js-properties-panel|@codemirror|@lezer|camunda-bpmn-js-behaviors|focus-trap|tabbable|lezer-feel|@camunda)/,
            },
            {
              name: 'bpmn-js',
              test: /node_modules[\\/](bpmn-js|diagram-js|diagram-js-direct-editing|bpmn-moddle|moddle|moddle-xml|saxen|min-dom|min-dash|tiny-svg|path-intersection|didi|ids|hammerjs|inherits-browser|object-refs|@bpmn-io[\\/]diagram-js-ui)[\\/]/,
            },
            {
              name: 'rebaz-core',
              test: /[\\/](definitions|engine)[\\/]|node_modules[\\/](feelin|xstate|camunda-bpmn-moddle|zeebe-bpmn-moddle|luxon|@lezer)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    // The app imports the pure core from definitions/ and engine/runtime/, outside this root.
    fs: { allow: [repoRoot] },
    proxy: { '/graphql': process.env.REBAZ_API_URL ?? 'http://127.0.0.1:4000' },
  },
});
