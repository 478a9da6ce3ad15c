// Following a page that reloads itself (<meta http-equiv="refresh" content="N">) as a browser
// does: wait N seconds, load it again, until a page comes that does not reload.

/** The seconds of a page's meta refresh; null when it has none. */
export function metaRefreshSeconds(html: string): number | null {
  const m = /<meta http-equiv="refresh" content="(\d+)"\s*\/?>/i.exec(html);
  return m ? Number(m[1]) : null;
}

/**
 * Loads `path` with `get` and follows its meta refreshes, waiting as long as each page says;
 * returns every page seen, the last one without a refresh. Throws after `max` pages.
 */
export async function followRefreshes(
  get: (path: string) => Promise<string>,
  path: string,
  max = 100,
): Promise<string[]> {
  const pages: string[] = [];
  for (;;) {
    const html = await get(path);
    pages.push(html);
    const wait = metaRefreshSeconds(html);
    if (wait === null) return pages;
    if (pages.length >= max) throw new Error(`${path} still reloads itself after ${max} pages`);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}
