import * as esbuild from 'esbuild';
const r = await esbuild.build({ entryPoints: ['src/extension/extension.ts'], outfile: '/tmp/proto-ext.js', bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: process.argv.includes('--min'), external: ['vscode','sharp','onnxruntime-node'], metafile: true, logLevel: 'error', write: true });
const inputs = r.metafile.outputs['/tmp/proto-ext.js'] ?? Object.values(r.metafile.outputs)[0];
const rows = Object.entries(inputs.inputs).map(([k,v])=>[v.bytesInOutput,k]).sort((a,b)=>b[0]-a[0]);
const byDir = {};
for (const [b,k] of rows) { const d = k.split('/').slice(0, k.startsWith('node_modules')? 2: 4).join('/'); byDir[d]=(byDir[d]??0)+b; }
console.log('total', inputs.bytes);
console.log(Object.entries(byDir).sort((a,b)=>b[1]-a[1]).slice(0,30).map(([d,b])=>`${b}\t${d}`).join('\n'));
