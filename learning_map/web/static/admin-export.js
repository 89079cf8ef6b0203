/* Built from learning_map/web/frontend/src/admin-export.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  // learning_map/web/frontend/src/dom.js
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text != null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function byId(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from the page`);
    return node;
  }
  function pathLink(text, path, className = "") {
    if (typeof path !== "string" || !/^\/(?!\/)[A-Za-z0-9/_.%?=&-]*$/.test(path)) return document.createTextNode(String(text));
    const a = el("a", text, className);
    a.setAttribute("href", path);
    return a;
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
  async function pollJob(section2, show2, ended = () => {
  }) {
    try {
      const response = await fetch(section2.dataset.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      });
      if (response.ok) {
        const status = await response.json();
        show2(status);
        if (status.state !== "running") {
          ended(status);
          return;
        }
      }
    } catch {
    }
    setTimeout(() => pollJob(section2, show2, ended), POLL_MS);
  }

  // learning_map/web/frontend/src/admin-export.js
  function show(section2, status) {
    showSteps(section2, status, "export-state");
    const finished = section2.querySelector("[data-field=finished_at]");
    if (finished) finished.textContent = status.finished_at ? ` → ${status.finished_at}` : "";
    const failure = section2.querySelector("[data-testid=export-failure]");
    if (failure) {
      failure.textContent = status.error || "";
      failure.hidden = status.state !== "failed";
    }
    const zip = section2.querySelector("[data-testid=export-zip]");
    if (zip) zip.hidden = status.state !== "done";
    showInTable(section2, status);
  }
  function showInTable(section2, status) {
    const row = document.querySelector(`tr[data-year="${CSS.escape(section2.dataset.year)}"]`);
    if (!row) return;
    row.querySelector("[data-field=state]").textContent = status.state_label;
    row.querySelector("[data-field=finished]").textContent = status.finished_at || "";
    const cell = row.querySelector("[data-field=zip]");
    const link = section2.querySelector("a.download");
    if (status.state === "done" && link && !cell.firstChild) {
      cell.append(pathLink("zip", link.getAttribute("href")));
    }
  }
  var section = byId("export-status");
  if (section.dataset.state === "running") pollJob(section, (status) => show(section, status));
})();
