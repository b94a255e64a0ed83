import { createRequire } from "node:module";

/**
 * Whether lzma-native loads here: it is not a dependency, only installed to run the xz bench
 * (npm install --no-save lzma-native), so tests of ELSCOPE_XZ_DECODER=native skip without it.
 */
export const hasLzmaNative: boolean = (() => {
  try {
    createRequire(import.meta.url)("lzma-native");
    return true;
  } catch {
    return false;
  }
})();
