// Wrangler bundles binary files as ArrayBuffer modules (see [[rules]] in wrangler.toml).
declare module '*.ttf' {
  const data: ArrayBuffer;
  export default data;
}
