/* The front end's words from the gettext catalogues (learning_map/locale/<locale>/LC_MESSAGES/
   messages.po, compiled into messages.js by `npm run build`). A message is marked by calling
   gettext("English text", lang) with a literal, so `scripts/catalogues.sh` extracts it. */
import { MESSAGES } from "./messages.js";

/** The catalogue folder of a page language: zh-Hans -> zh_Hans, pt-BR -> pt. */
export function catalogueLocale(lang) {
  const name = String(lang || "").replace("-", "_");
  if (MESSAGES[name]) return name;
  const language = name.split("_")[0];
  return MESSAGES[language] ? language : "en";
}

/** `msgid` in the page language `lang` (the English message id when it has no translation). */
export function gettext(msgid, lang) {
  const table = MESSAGES[catalogueLocale(lang)] || {};
  return typeof table[msgid] === "string" && table[msgid] ? table[msgid] : msgid;
}
