/* One poller for the admin pages that follow a background job (the yearly export, a large
   upload): asks the job's status URL every second, shows each answer, and stops once the job
   is no longer running. Everything shown is text from the status JSON (textContent) or a class
   name from a fixed list. */

const POLL_MS = 1000;
export const STEP_STATES = ["done", "current", "failed", "pending"];

/** The state badge and the step list of a job's section, from its status JSON. */
export function showSteps(section, status, badgeTestId) {
  section.dataset.state = status.state;
  const badge = section.querySelector(`[data-testid=${badgeTestId}]`);
  if (badge) {
    badge.textContent = status.state_label;
    badge.className = `badge ${STEP_STATES.includes(status.state) ? status.state : ""}`;
  }
  for (const row of status.step_rows || []) {
    const item = section.querySelector(`li[data-step="${CSS.escape(row.key)}"]`);
    if (item && STEP_STATES.includes(row.state)) item.className = row.state;
  }
}

/** Poll ``section.dataset.statusUrl``: ``show(status)`` each answer, ``ended(status)`` once. */
export async function pollJob(section, show, ended = () => {}) {
  try {
    const response = await fetch(section.dataset.statusUrl, {
      credentials: "same-origin", headers: { Accept: "application/json" },
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
    // A failed poll (a dropped connection, the server restarting) is retried; the page keeps
    // its last state.
  }
  setTimeout(() => pollJob(section, show, ended), POLL_MS);
}
