/* Built from learning_map/web/frontend/src/admin-upload.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  // learning_map/web/frontend/src/dom.js
  function byId(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from the page`);
    return node;
  }

  // learning_map/web/frontend/src/job-poll.js
  var POLL_MS = 1e3;
  var STEP_STATES = ["done", "current", "failed", "pending"];
  function showSteps(section2, status, badgeTestId) {
    section2.dataset.state = status.state;
    const badge = section2.querySelector(`[data-testid=${badgeTestId}]`);
    if (badge) {
      badge.textContent = status.state_label;
      badge.className = `badge ${STEP_STATES.includes(status.state) ? status.state : ""}`;
    }
    for (const row of status.step_rows || []) {
      const item = section2.querySelector(`li[data-step="${CSS.escape(row.key)}"]`);
      if (item && STEP_STATES.includes(row.state)) item.className = row.state;
    }
  }
  async function pollJob(section2, show, ended = () => {
  }) {
    try {
      const response = await fetch(section2.dataset.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      });
      if (response.ok) {
        const status = await response.json();
        show(status);
        if (status.state !== "running") {
          ended(status);
          return;
        }
      }
    } catch {
    }
    setTimeout(() => pollJob(section2, show, ended), POLL_MS);
  }

  // learning_map/web/frontend/src/admin-upload.js
  var section = byId("upload-status");
  if (section.dataset.state === "running") {
    pollJob(
      section,
      (status) => showSteps(section, status, "upload-state"),
      () => window.location.reload()
    );
  }
})();
