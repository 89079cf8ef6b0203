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

// CLDR's order of plural categories: a .po file's msgstr[i] follow it (Babel writes Plural-Forms so).
const PLURAL_ORDER = ["zero", "one", "two", "few", "many", "other"];

/**
 * The form of `singular`/`plural` for the number `n` in the page language `lang` (the locale's
 * plural rule, as its .po file's forms); English's rule when the message has no translation.
 */
export function ngettext(singular, plural, n, lang) {
  const locale = catalogueLocale(lang);
  const forms = (MESSAGES[locale] || {})[singular];
  if (!Array.isArray(forms) || !forms.every((f) => f)) return n === 1 ? singular : plural;
  if (forms.length === 1) return forms[0];
  const rules = new Intl.PluralRules(locale.replace("_", "-"));
  const category = rules.select(n);
  const known = PLURAL_ORDER.filter((c) => rules.resolvedOptions().pluralCategories.includes(c));
  const index = known.length === forms.length ? known.indexOf(category) : (category === "one" ? 0 : forms.length - 1);
  return forms[Math.max(0, index)];
}
