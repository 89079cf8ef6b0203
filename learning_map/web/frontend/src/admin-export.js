/* The admin export page (/admin/export): polls the running export's status and updates the
   step list, the state, the error sentence and the zip link in place. Everything it shows is
   text from the status JSON (textContent) or a class name from a fixed list. */
import { byId, pathLink } from "./dom.js";
import { pollJob, showSteps } from "./job-poll.js";

function show(section, status) {
  showSteps(section, status, "export-state");
  const finished = section.querySelector("[data-field=finished_at]");
  if (finished) finished.textContent = status.finished_at ? ` → ${status.finished_at}` : "";
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

const section = byId("export-status");
if (section.dataset.state === "running") pollJob(section, (status) => show(section, status));
