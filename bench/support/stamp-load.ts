// autocannon over a list of paths, as a phone browser asks for stamp pages: the same headers for
// every benchmark of the public pages, so their figures compare.
import autocannon from 'autocannon';

const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

/** By duration, or by a fixed number of requests (then every request completes before the end). */
export function loadPaths(
  port: number,
  paths: string[],
  connections: number,
  limit: { duration?: number; amount?: number },
): Promise<autocannon.Result> {
  let i = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        ...limit,
        headers: { 'user-agent': PHONE_UA, accept: 'text/html', 'accept-language': 'vi-VN,vi;q=0.9' },
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}
