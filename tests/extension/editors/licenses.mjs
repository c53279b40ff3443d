// Print the name, version and licence of every npm package that ended up in the bundles (read
// from esbuild's metafiles), then each distinct licence text once, so the minified files keep
// their notices.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const metaDir = process.argv[2];
const packages = new Map(); // package name → names of the bundles using it

for (const file of readdirSync(metaDir)) {
  const meta = JSON.parse(readFileSync(join(metaDir, file), "utf8"));
  // Only what survived tree shaking (meta.inputs also lists modules esbuild read and dropped).
  const kept = Object.values(meta.outputs).flatMap((output) =>
    Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0).map(([input]) => input));
  for (const input of kept) {
    const match = input.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) {
      const users = packages.get(match[1]) ?? new Set();
      users.add(file.replace(/\.json$/, ""));
      packages.set(match[1], users);
    }
  }
}

const texts = new Map(); // licence text → package names carrying it
const lines = ["Third-party code in the bundles of this folder (built by tests/extension/editors/build.sh).", ""];
for (const name of [...packages.keys()].sort()) {
  const dir = join("node_modules", name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licence = typeof manifest.license === "string" ? manifest.license : JSON.stringify(manifest.license);
  lines.push(`${name}@${manifest.version}  licence: ${licence}  in: ${[...packages.get(name)].sort().join(", ")}`);
  // LICENSE / LICENCE, plus COPYING.* (the ckeditor5 package keeps its GPL text there).
  const files = readdirSync(dir).filter((entry) => /^(licen[cs]e|copying)(\.[a-z]+)?$/i.test(entry)).sort();
  const text = files.length
    ? files.map((file) => readFileSync(join(dir, file), "utf8").trim()).join("\n\n")
    : "(no licence file in the package)";
  texts.set(text, [...(texts.get(text) ?? []), name]);
}
for (const [text, names] of texts) {
  lines.push("", "=".repeat(78), `Licence text of: ${names.join(", ")}`, "=".repeat(78), text);
}
process.stdout.write(lines.join("\n") + "\n");
