/**
 * The parts of dcmjs the project uses, through its ES module build, for {@link dcmjsLibrary} to
 * require lazily: a `require` of the package itself would resolve its UMD build, and a namespace
 * re-export would keep all of it (each about 250 KB more bundle).
 */
export { data, log } from 'dcmjs';
