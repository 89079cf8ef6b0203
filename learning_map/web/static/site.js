/* Built from learning_map/web/frontend/src/site.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  // learning_map/web/frontend/src/site.js
  function setUp() {
    const input = document.getElementById("share-url");
    if (!input) return;
    const url = window.location.origin + window.location.pathname;
    input.value = url;
    input.addEventListener("focus", () => input.select());
    const button = document.getElementById("share-button");
    if (!button || typeof navigator.share !== "function") return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title || document.title, url }).catch(() => {
      });
    });
  }
  setUp();
})();
