import { createRequire } from "node:module";

/**
 * Whether lzma-native loads here. It is a development dependency (the xz bench measures it), so a
 * clone has it and the tests of ELSCOPE_XZ_DECODER=native run; they skip only on a platform where
 * its prebuilt binary does not load.
 */
export const hasLzmaNative: boolean = (() => {
  try {
    createRequire(import.meta.url)("lzma-native");
    return true;
  } catch {
    return false;
  }
})();
