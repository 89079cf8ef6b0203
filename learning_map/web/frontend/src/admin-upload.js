/* The admin upload's progress page (/admin/upload/TOKEN while a large file is checked or
   imported in the background): polls the job's status, updates the step list and the state
   in place, and reloads the page once the job has ended (the server then shows the report,
   the error or the import's result). Everything it shows is text from the status JSON
   (textContent) or a class name from a fixed list. */
import { byId } from "./dom.js";

const POLL_MS = 1000;
const STEP_STATES = ["done", "current", "failed", "pending"];

function show(section, status) {
  section.dataset.state = status.state;
  const badge = section.querySelector("[data-testid=upload-state]");
  if (badge) {
    badge.textContent = status.state_label;
    badge.className = `badge ${STEP_STATES.includes(status.state) ? status.state : ""}`;
  }
  for (const row of status.step_rows || []) {
    const item = section.querySelector(`li[data-step="${CSS.escape(row.key)}"]`);
    if (item && STEP_STATES.includes(row.state)) item.className = row.state;
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
      if (status.state !== "running") {
        window.location.reload();
        return;
      }
    }
  } catch {
    // A failed poll (network, restart) is retried below; the page keeps its last state.
  }
  setTimeout(() => poll(section), POLL_MS);
}

const section = byId("upload-status");
if (section.dataset.state === "running") poll(section);
