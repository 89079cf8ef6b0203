// Bundle the front end's entry points into the classic (IIFE) scripts the Python package
// ships: learning_map/web/static/app.js (citizen page), planner.js (planner page), site.js (site pages),
// admin-export.js (the admin export page's status poll), admin-upload.js (the upload's),
// admin-place.js (the admin's placing page: a registry row placed by hand on the map) and
// learning_map/export/static/offline_map.js
// (inlined into the single-file offline map, which opens from file:// where module imports are
// blocked). `npm run build` writes them in place; `--outdir DIR` writes them to DIR instead (the
// test suite builds there and compares the committed files byte for byte).
//
// First step: the front end's messages from the gettext catalogues
// (learning_map/locale/<locale>/LC_MESSAGES/messages.po, the messages whose location is a file in
// src/) are compiled to JSON in src/messages.js, which the bundles import. With --outdir it is
// written there instead (and the bundles built from it), so the test compares it too.
// Second step, the same way: the one symbol system (learning_map/city/symbols.toml: each
// category's and elderly subtype's shape, colour, outline, order) is written to src/symbols.js,
// which icons.js reads: the front end never keeps a second copy of the symbols.
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SRC = "learning_map/web/frontend/src";
export const BUNDLES = [
  { entry: `${SRC}/citizen.js`, out: "learning_map/web/static/app.js" },
  { entry: `${SRC}/offline.js`, out: "learning_map/export/static/offline_map.js" },
  { entry: `${SRC}/site.js`, out: "learning_map/web/static/site.js" },
  { entry: `${SRC}/planner.js`, out: "learning_map/web/static/planner.js" },
  { entry: `${SRC}/admin-export.js`, out: "learning_map/web/static/admin-export.js" },
  { entry: `${SRC}/admin-upload.js`, out: "learning_map/web/static/admin-upload.js" },
  { entry: `${SRC}/admin-place.js`, out: "learning_map/web/static/admin-place.js" },
  { entry: `${SRC}/national.js`, out: "learning_map/web/static/national.js" },
];

function outdirArg(argv) {
  const i = argv.indexOf("--outdir");
  if (i === -1) return null;
  if (!argv[i + 1]) throw new Error("--outdir needs a folder");
  return path.resolve(argv[i + 1]);
}

const LOCALE_DIR = "learning_map/locale";
const MESSAGES = `${SRC}/messages.js`;

/** A PO string literal's value ("a\\"b" -> a"b). */
function poString(literal) {
  return JSON.parse(literal.replace(/\\([^"\\ntr])/g, "\\\\$1"));
}

/** The entries of a .po file: {id, plural, context, strings, refs, flags}. */
export function parsePo(text) {
  const entries = [];
  let entry = null;
  let field = null;
  const flush = () => { if (entry && entry.id !== undefined) entries.push(entry); entry = null; };
  for (const line of text.split("\n")) {
    if (!line.trim()) { flush(); continue; }
    if (!entry) entry = { refs: [], strings: [], flags: [] };
    if (line.startsWith("#:")) entry.refs.push(...line.slice(2).trim().split(/\s+/));
    else if (line.startsWith("#,")) entry.flags.push(...line.slice(2).split(",").map((f) => f.trim()));
    else if (line.startsWith("#")) continue;
    else if (line.startsWith("\"")) {
      const value = poString(line);
      if (field === "id") entry.id += value;
      else if (field === "plural") entry.plural += value;
      else if (field === "context") entry.context += value;
      else entry.strings[field] += value;
    } else {
      const match = line.match(/^(msgid|msgid_plural|msgstr(?:\[(\d+)\])?|msgctxt) (".*")$/);
      if (!match) throw new Error(`cannot read this .po line: ${line}`);
      const value = poString(match[3]);
      if (match[1] === "msgid") { entry.id = value; field = "id"; }
      else if (match[1] === "msgid_plural") { entry.plural = value; field = "plural"; }
      else if (match[1] === "msgctxt") { entry.context = value; field = "context"; }
      else { field = Number(match[2] || 0); entry.strings[field] = value; }
    }
  }
  flush();
  return entries;
}

/** The front end's messages per locale, as the text of src/messages.js. */
async function compileMessages() {
  const config = await readFile(path.join(REPO, LOCALE_DIR, "locales.toml"), "utf8");
  const locales = [...config.matchAll(/^([A-Za-z_]+)\s*=/gm)].map((m) => m[1]);
  const known = new Set(await readdir(path.join(REPO, LOCALE_DIR)));
  const messages = {};
  for (const locale of locales) {
    if (!known.has(locale)) throw new Error(`${LOCALE_DIR}/locales.toml names ${locale} but it has no folder`);
    const po = await readFile(path.join(REPO, LOCALE_DIR, locale, "LC_MESSAGES", "messages.po"), "utf8");
    const table = {};
    for (const entry of parsePo(po)) {
      if (!entry.id || entry.flags.includes("fuzzy") || !entry.refs.some((r) => r.startsWith(`${SRC}/`))) continue;
      // A message with a context is keyed as gettext keys it: context, U+0004, id.
      const key = entry.context === undefined ? entry.id : `${entry.context}\u0004${entry.id}`;
      table[key] = entry.plural === undefined ? entry.strings[0] : entry.strings;
    }
    messages[locale] = Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return `/* Built from ${LOCALE_DIR}/<locale>/LC_MESSAGES/messages.po by \`npm run build\`. Do not edit: change the .po files. */\n`
    + `export const MESSAGES = ${JSON.stringify(messages, null, 1)};\n`;
}

const SYMBOLS_TOML = "learning_map/city/symbols.toml";
const SYMBOLS = `${SRC}/symbols.js`;

/**
 * The few TOML forms symbols.toml uses ([table.key] headers, key = "text" | integer, comments),
 * read strictly: any other line stops the build rather than being misread. The test suite
 * compares the result with Python's tomllib reading of the same file.
 */
export function parseSymbolsToml(text) {
  const tables = {};
  let current = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (!line || line.startsWith("#")) return;
    const header = line.match(/^\[([a-z_]+)(?:\.([a-z_]+))?\]$/);
    if (header) {
      const [, part, key] = header;
      tables[part] = tables[part] || {};
      current = key ? (tables[part][key] = {}) : tables[part];
      return;
    }
    const pair = line.match(/^([a-z_]+)\s*=\s*(?:"([^"\\]*)"|(-?\d+))$/);
    if (!pair || !current) throw new Error(`${SYMBOLS_TOML}:${i + 1}: cannot read this line: ${raw}`);
    current[pair[1]] = pair[2] !== undefined ? pair[2] : Number(pair[3]);
  });
  return tables;
}

/** The symbols as the text of src/symbols.js: categories and subtypes in drawing order. */
async function compileSymbols() {
  const tables = parseSymbolsToml(await readFile(path.join(REPO, SYMBOLS_TOML), "utf8"));
  const ordered = (table) => Object.fromEntries(Object.entries(table).sort(([, a], [, b]) => a.order - b.order));
  const symbols = { category: ordered(tables.category), subtype: ordered(tables.subtype), fallback: tables.fallback };
  return `/* Built from ${SYMBOLS_TOML} by \`npm run build\`. Do not edit: change the .toml file. */\n`
    + `export const SYMBOLS = ${JSON.stringify(symbols, null, 1)};\n`;
}

const outdir = outdirArg(process.argv.slice(2));
const generated = { [MESSAGES]: await compileMessages(), [SYMBOLS]: await compileSymbols() };
for (const [file, text] of Object.entries(generated)) {
  const target = outdir ? path.join(outdir, path.basename(file)) : path.join(REPO, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}
// The bundles take the files just generated (also when --outdir leaves src/ untouched).
const freshGenerated = {
  name: "generated",
  setup(build) {
    build.onLoad({ filter: /[\\/](messages|symbols)\.js$/ }, (args) => {
      const file = path.relative(REPO, path.resolve(args.path)).split(path.sep).join("/");
      return generated[file] !== undefined ? { contents: generated[file], loader: "js" } : undefined;
    });
  },
};
for (const { entry, out } of BUNDLES) {
  const outfile = outdir ? path.join(outdir, path.basename(out)) : path.join(REPO, out);
  await mkdir(path.dirname(outfile), { recursive: true });
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "iife",
    target: "es2020",
    charset: "utf8",
    minify: false,
    sourcemap: false,
    legalComments: "inline",
    logLevel: "warning",
    plugins: [freshGenerated],
    banner: {
      js: `/* Built from ${entry} by \`npm run build\` (esbuild). Do not edit: change the modules in ${SRC}/. */`,
    },
  });
}
