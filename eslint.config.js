// ESLint (flat config) for the front end in learning_map/web/frontend/: `npm run lint`.
import js from "@eslint/js";
import globals from "globals";

const WHY = "Data is text: use textContent or the builders in dom.js. If an API only takes HTML, build the string with dom.js htmlFromText and say why in an eslint-disable comment.";

export default [
  {
    // The bundles are esbuild's output, checked for freshness by tests/test_frontend.py.
    ignores: ["learning_map/web/static/**", "learning_map/export/static/**", "node_modules/**",
      ".venv/**", "build/**", "test-output/**", "data/**"],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  {
    files: ["learning_map/web/frontend/src/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, L: "readonly" },
    },
    rules: {
      "no-undef": "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-properties": ["error",
        { property: "innerHTML", message: WHY },
        { property: "outerHTML", message: WHY },
        { property: "insertAdjacentHTML", message: WHY },
        { object: "document", property: "write", message: WHY },
        { object: "document", property: "writeln", message: WHY },
      ],
      "no-restricted-syntax": ["error",
        {
          selector: "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^(on|style$|src$|srcdoc$)/i]",
          message: "No event-handler, style or src attributes: the page runs under a strict CSP.",
        },
        {
          selector: "CallExpression[callee.property.name='createContextualFragment']",
          message: WHY,
        },
      ],
    },
  },
  {
    // Only dom.js may set an href: it is where the http(s)-only link rule lives.
    files: ["learning_map/web/frontend/src/**/*.js"],
    ignores: ["learning_map/web/frontend/src/dom.js"],
    rules: {
      "no-restricted-syntax": ["error",
        {
          selector: "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^(on|style$|src$|srcdoc$|href$)/i]",
          message: "Links come from dom.js linkOrText (http(s) only); no event-handler, style or src attributes.",
        },
        {
          selector: "AssignmentExpression[left.property.name=/^(href|src)$/]",
          message: "Links come from dom.js linkOrText (http(s) only).",
        },
        {
          selector: "CallExpression[callee.property.name='createContextualFragment']",
          message: WHY,
        },
      ],
    },
  },
  {
    files: ["eslint.config.js", "learning_map/web/frontend/build.mjs", "learning_map/web/frontend/test/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
