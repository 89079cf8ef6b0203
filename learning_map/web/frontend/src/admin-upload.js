/* The admin upload's progress page (/admin/upload/TOKEN while a large file is checked or
   imported in the background): updates the step list and the state in place, and reloads the
   page once the job has ended (the server then shows the report, the error or the import's
   result). */
import { byId } from "./dom.js";
import { pollJob, showSteps } from "./job-poll.js";

const section = byId("upload-status");
if (section.dataset.state === "running") {
  pollJob(section, (status) => showSteps(section, status, "upload-state"),
    () => window.location.reload());
}
