// Bundles the extension client and the language server into dist/, for running the extension
// and for the .vsix, with the index worker beside the server (it is started by file name, from
// the server's folder). `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

await esbuild.build({
  entryPoints: { extension: 'client/src/extension.ts', server: 'server/src/server.ts', indexWorker: 'server/src/lsp/indexWorker.ts' },
  bundle: true,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});
