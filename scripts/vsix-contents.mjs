// Lists a VSIX's native files and checks that they are all built for its target: onnxruntime-node
// keeps only bin/napi-v6/<os>/<arch>, sharp only @img/sharp-<target> (and its libvips package), and
// every native library (.node, .so, .dll, .dylib) has the target's binary format and CPU (ELF,
// PE or Mach-O header). npm run package runs it on every VSIX it builds; it also runs alone:
//   node scripts/vsix-contents.mjs FILE.vsix TARGET
import { pathToFileURL } from 'node:url';
import yauzl from 'yauzl';

const NATIVE = /\.(node|dll|dylib)$|\.so(\.\d+)*$/;

/** Binary format and CPU of a native library from its first bytes. */
export function binaryKind(header) {
  if (header.length >= 20 && header.readUInt32BE(0) === 0x7f454c46) {
    const machine = header.readUInt16LE(18);
    return {
      os: 'linux',
      arch: machine === 0x3e ? 'x64' : machine === 0xb7 ? 'arm64' : `elf-${machine}`,
    };
  }
  if (header.length >= 64 && header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(60);
    if (pe + 6 > header.length || header.toString('latin1', pe, pe + 4) !== 'PE\0\0')
      return { os: 'win32', arch: 'unknown' };
    const machine = header.readUInt16LE(pe + 4);
    return {
      os: 'win32',
      arch: machine === 0x8664 ? 'x64' : machine === 0xaa64 ? 'arm64' : `pe-${machine}`,
    };
  }
  if (header.length >= 8 && header.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = header.readUInt32LE(4);
    return {
      os: 'darwin',
      arch: cpu === 0x01000007 ? 'x64' : cpu === 0x0100000c ? 'arm64' : `macho-${cpu}`,
    };
  }
  if (header.length >= 4 && header.readUInt32BE(0) === 0xcafebabe)
    return { os: 'darwin', arch: 'universal' };
  return { os: 'unknown', arch: 'unknown' };
}

/** Every file of the VSIX with, for native libraries, their first 4 KiB. */
export function readVsix(path) {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const files = [];
      zip.on('entry', (entry) => {
        if (!NATIVE.test(entry.fileName)) {
          files.push({ path: entry.fileName });
          return zip.readEntry();
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks = [];
          let size = 0;
          stream.on('data', (chunk) => {
            if (size < 4096) chunks.push(chunk);
            size += chunk.length;
          });
          stream.once('end', () => {
            files.push({ path: entry.fileName, header: Buffer.concat(chunks).subarray(0, 4096) });
            zip.readEntry();
          });
          stream.once('error', reject);
        });
      });
      zip.once('end', () => resolve(files));
      zip.once('error', reject);
      zip.readEntry();
    });
  });
}

/** Problems with the native files of `files` for `target` (empty when all is right). */
export function nativeProblems(files, target) {
  const [os, arch] = target.split('-');
  const problems = [];
  const ort = 'extension/node_modules/onnxruntime-node/bin/napi-v6/';
  const ortDirs = new Set(
    files
      .filter((f) => f.path.startsWith(ort))
      .map((f) => f.path.slice(ort.length).split('/').slice(0, 2).join('-')),
  );
  if (!files.some((f) => f.path === `${ort}${os}/${arch}/onnxruntime_binding.node`))
    problems.push(`onnxruntime-node has no ${target} binding`);
  for (const dir of ortDirs)
    if (dir !== target) problems.push(`onnxruntime-node carries ${dir} binaries`);
  const img = new Set(
    files.map((f) => /^extension\/node_modules\/@img\/([^/]+)\//.exec(f.path)?.[1]).filter(Boolean),
  );
  if (!img.has(`sharp-${target}`)) problems.push(`sharp's @img/sharp-${target} is missing`);
  for (const name of img)
    if (name !== 'colour' && name !== `sharp-${target}` && name !== `sharp-libvips-${target}`)
      problems.push(`sharp's @img/${name} is not for ${target}`);
  for (const file of files.filter((f) => f.header)) {
    const kind = binaryKind(file.header);
    if (kind.os !== os || (kind.arch !== arch && kind.arch !== 'universal'))
      problems.push(`${file.path} is built for ${kind.os}-${kind.arch}`);
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [vsix, target] = process.argv.slice(2);
  const files = await readVsix(vsix);
  for (const file of files.filter((f) => f.header)) {
    const kind = binaryKind(file.header);
    console.log(`${kind.os}-${kind.arch}\t${file.path}`);
  }
  const problems = nativeProblems(files, target);
  for (const problem of problems) console.error(`vsix-contents: ${problem}`);
  console.log(
    `vsix-contents: ${files.length} files, ${files.filter((f) => f.header).length} native; ${problems.length === 0 ? `all for ${target}` : `${problems.length} problems`}`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
