/* "纠错 / Report a mistake" for one site of the result list: a button that opens a small form
   (message, optional contact, send/cancel) posting to /api/reports. Built with DOM methods
   only; the site's name and the server's answers are text (textContent), never HTML. */

import { el } from "./dom.js";

const MAX_MESSAGE = 1000; // the server's limit (learning_map.store.admin.MAX_REPORT_CHARS)
const MAX_CONTACT = 200; // the server's limit (learning_map.store.admin.MAX_CONTACT_CHARS)
let formCount = 0;

/** A labelled field: the label wraps its text and the control, so it names it for screen readers. */
function field(labelText, control) {
  const label = el("label", null, "report-field");
  label.append(el("span", labelText), control);
  return label;
}

function button(text, className, type = "button") {
  const b = el("button", text, `btn ${className}`);
  b.type = type;
  return b;
}

/**
 * The report button and its (hidden until opened) form for one site.
 *
 * @param {{site_id: string, name: string}} site
 * @param {(key: string) => any} t  translations in the current language
 * @param {(report: {site_id: string, message: string, contact?: string}) => Promise<unknown>} send
 * @returns {HTMLElement}
 */
export function reportControl(site, t, send) {
  const box = el("div", null, "report");
  const id = `report-form-${++formCount}`;
  const open = button(t("report"), "report-button");
  open.setAttribute("aria-expanded", "false");
  open.setAttribute("aria-controls", id);
  open.setAttribute("aria-label", t("report_title")(site.name));

  const form = el("form", null, "report-form");
  form.id = id;
  form.hidden = true;
  form.noValidate = true;
  form.setAttribute("aria-label", t("report_title")(site.name));
  const message = el("textarea");
  message.name = "message";
  message.rows = 3;
  message.maxLength = MAX_MESSAGE;
  message.setAttribute("aria-required", "true");
  const contact = el("input");
  contact.name = "contact";
  contact.type = "text";
  contact.maxLength = MAX_CONTACT;
  contact.autocomplete = "email";
  const sendButton = button(t("report_send"), "report-send", "submit");
  const cancel = button(t("report_cancel"), "report-cancel");
  const actions = el("div", null, "row");
  actions.append(sendButton, cancel);
  form.append(field(t("report_message"), message), field(t("report_contact"), contact), actions);
  const status = el("div", null, "report-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  function show(opened) {
    form.hidden = !opened;
    open.setAttribute("aria-expanded", String(opened));
    if (opened) {
      status.textContent = "";
      message.focus();
    } else {
      open.focus();
    }
  }

  open.addEventListener("click", () => show(form.hidden));
  cancel.addEventListener("click", () => show(false));
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); show(false); }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!message.value.trim()) {
      message.setAttribute("aria-invalid", "true");
      status.textContent = t("report_empty");
      message.focus();
      return;
    }
    message.removeAttribute("aria-invalid");
    const report = { site_id: site.site_id, message: message.value };
    if (contact.value.trim()) report.contact = contact.value;
    sendButton.disabled = true;
    status.textContent = t("report_sending");
    try {
      await send(report);
      message.value = "";
      contact.value = "";
      show(false);
      status.textContent = t("report_thanks");
    } catch (err) {
      status.textContent = t("error")(err.message);
    } finally {
      sendButton.disabled = false;
    }
  });

  box.append(open, form, status);
  return box;
}
