// Wrangler bundles binary files as ArrayBuffer modules (see [[rules]] in wrangler.toml).
declare module '*.ttf' {
  const data: ArrayBuffer;
  export default data;
}

// Wrangler bundles .wasm?module imports as compiled WebAssembly modules (the photo codecs).
declare module '*.wasm?module' {
  const module: WebAssembly.Module;
  export default module;
}
