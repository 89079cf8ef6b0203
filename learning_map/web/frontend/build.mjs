// Bundle the front end's entry points into the classic (IIFE) scripts the Python package
// ships: learning_map/web/static/app.js (citizen page), planner.js (planner page), site.js (site pages),
// admin-export.js (the admin export page's status poll), admin-upload.js (the upload's) and
// learning_map/export/static/offline_map.js
// (inlined into the single-file offline map, which opens from file:// where module imports are
// blocked). `npm run build` writes them in place; `--outdir DIR` writes them to DIR instead (the
// test suite builds there and compares the committed files byte for byte).
import { mkdir } from "node:fs/promises";
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
  { entry: `${SRC}/national.js`, out: "learning_map/web/static/national.js" },
];

function outdirArg(argv) {
  const i = argv.indexOf("--outdir");
  if (i === -1) return null;
  if (!argv[i + 1]) throw new Error("--outdir needs a folder");
  return path.resolve(argv[i + 1]);
}

const outdir = outdirArg(process.argv.slice(2));
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
    banner: {
      js: `/* Built from ${entry} by \`npm run build\` (esbuild). Do not edit: change the modules in ${SRC}/. */`,
    },
  });
}
