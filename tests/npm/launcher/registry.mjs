// A read-only npm registry on 127.0.0.1 serving the tarballs in one folder, so the launcher test
// installs `convex-authkit` exactly as users do (`npx`, `npm i`, `pnpm dlx`, `yarn dlx`, `bunx`)
// without publishing anything. Any other package is a 404.
//
//   node registry.mjs TARBALL_DIR   prints `http://127.0.0.1:PORT/` once listening; stops on SIGTERM
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";

const dir = path.resolve(process.argv[2]);

// The package.json inside a .tgz (a gzipped tar; entries are 512-byte headers + padded data).
function manifestOf(tgz) {
  const tar = zlib.gunzipSync(tgz);
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar.subarray(at, at + 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(tar.subarray(at + 124, at + 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    if (name === "package/package.json") return JSON.parse(tar.subarray(at + 512, at + 512 + size).toString("utf8"));
    at += 512 + Math.ceil(size / 512) * 512;
    if (!name) break;
  }
  throw new Error("no package/package.json in the tarball");
}

const packages = new Map();
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".tgz"))) {
  const bytes = fs.readFileSync(path.join(dir, file));
  const manifest = manifestOf(bytes);
  const entry = packages.get(manifest.name) || { versions: {}, tarballs: new Map() };
  entry.versions[manifest.version] = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: {
      shasum: crypto.createHash("sha1").update(bytes).digest("hex"),
      integrity: `sha512-${crypto.createHash("sha512").update(bytes).digest("base64")}`,
      tarball: file,
    },
  };
  entry.tarballs.set(file, bytes);
  entry.latest = manifest.version;
  packages.set(manifest.name, entry);
}

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split("?")[0]).replace(/^\/+/, "");
  const base = `http://127.0.0.1:${server.address().port}/`;
  const tarball = url.match(/^(.+)\/-\/([^/]+\.tgz)$/);
  const entry = packages.get(tarball ? tarball[1] : url);
  if (req.method === "GET" && entry && tarball && entry.tarballs.has(tarball[2])) {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    return res.end(entry.tarballs.get(tarball[2]));
  }
  if (req.method === "GET" && entry && !tarball) {
    const versions = Object.fromEntries(
      Object.entries(entry.versions).map(([v, m]) => [
        v,
        { ...m, dist: { ...m.dist, tarball: `${base}${m.name}/-/${m.dist.tarball}` } },
      ]),
    );
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ name: url, "dist-tags": { latest: entry.latest }, versions }));
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: "not found" }));
});

server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
