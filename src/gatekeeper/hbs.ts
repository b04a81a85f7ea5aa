/**
 * Handlebars rendering of the top-level templates (templates/*.hbs): one instance, compiled once per file,
 * no HTML escaping (the outputs are Rego and Markdown, and values never reach Rego this way).
 */
import { packagePath } from "../paths.js";
import Handlebars from "handlebars";
import { readFileSync } from "node:fs";

const hbs = Handlebars.create();
hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
hbs.registerHelper("join", (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === "string" ? sep : ", ") : ""));

const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Render `templates/<name>` with `data`; LF line ends. */
export function renderTemplate(name: string, data: object): string {
  let t = cache.get(name);
  if (!t) {
    t = hbs.compile(readFileSync(packagePath("templates", name), "utf8"), { noEscape: true, strict: false });
    cache.set(name, t);
  }
  return t(data).replace(/\r\n/g, "\n");
}
