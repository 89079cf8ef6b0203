/* The admin export page (/admin/export): polls the running export's status and updates the
   step list, the state, the error sentence and the zip link in place. Everything it shows is
   text from the status JSON (textContent) or a class name from a fixed list. */
import { byId, pathLink } from "./dom.js";

const POLL_MS = 1000;
const STEP_STATES = ["done", "current", "failed", "pending"];

function show(section, status) {
  section.dataset.state = status.state;
  const badge = section.querySelector("[data-testid=export-state]");
  if (badge) {
    badge.textContent = status.state_label;
    badge.className = `badge ${status.state}`;
  }
  const finished = section.querySelector("[data-field=finished_at]");
  if (finished) finished.textContent = status.finished_at ? ` → ${status.finished_at}` : "";
  for (const row of status.step_rows || []) {
    const item = section.querySelector(`li[data-step="${CSS.escape(row.key)}"]`);
    if (item && STEP_STATES.includes(row.state)) item.className = row.state;
  }
  const failure = section.querySelector("[data-testid=export-failure]");
  if (failure) {
    failure.textContent = status.error || "";
    failure.hidden = status.state !== "failed";
  }
  const zip = section.querySelector("[data-testid=export-zip]");
  if (zip) zip.hidden = status.state !== "done";
  showInTable(section, status);
}

/** The year's row in the table of exports: its state, end time and zip link. */
function showInTable(section, status) {
  const row = document.querySelector(`tr[data-year="${CSS.escape(section.dataset.year)}"]`);
  if (!row) return;
  row.querySelector("[data-field=state]").textContent = status.state_label;
  row.querySelector("[data-field=finished]").textContent = status.finished_at || "";
  const cell = row.querySelector("[data-field=zip]");
  const link = section.querySelector("a.download");
  if (status.state === "done" && link && !cell.firstChild) {
    cell.append(pathLink("zip", link.getAttribute("href")));
  }
}

async function poll(section) {
  try {
    const response = await fetch(section.dataset.statusUrl, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    });
    if (response.ok) {
      const status = await response.json();
      show(section, status);
      if (status.state !== "running") return;
    }
  } catch {
    // A dropped connection (the server restarting): keep asking.
  }
  setTimeout(() => poll(section), POLL_MS);
}

const section = byId("export-status");
if (section.dataset.state === "running") poll(section);
