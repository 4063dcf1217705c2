import * as esbuild from 'esbuild';
const r = await esbuild.build({ entryPoints: ['src/extension/extension.ts'], outfile: '/tmp/proto-ext.js', bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, external: ['vscode','sharp','onnxruntime-node'], metafile: true, logLevel: 'error', write: false });
const out = Object.values(r.metafile.outputs)[0];
const pat = new RegExp(process.argv[2] ?? 'src/core/(engines|backend)');
let sum=0; for (const [k,v] of Object.entries(out.inputs)) if (pat.test(k)) { sum+=v.bytesInOutput; console.log(v.bytesInOutput, k); }
console.log('sum', sum, 'total', out.bytes);
// who imports ort?
for (const [k,v] of Object.entries(r.metafile.inputs)) for (const i of v.imports) if (/backend\/ort\.ts|registry\.ts$/.test(i.path)) console.log('IMPORT', k, '->', i.path, i.kind);
