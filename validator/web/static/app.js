// gkcheck serve: choose, drop or paste reports; check them on this server; show the report.
// Everything from a file (names, cells) is set as text, or shown in a sandboxed frame
// with the report's own escaping and no script allowed (the page's CSP).
"use strict";

let WORDS = {};  // language -> key -> text: the message catalogues' page.* entries (/messages.json)

const state = { lang: "zh", files: [], previous: [], pasted: 0, urls: [], shown: null, busy: false };
const $ = (id) => document.getElementById(id);
const t = (key, fields = {}) => WORDS[state.lang][key].replace(/\{(\w+)\}/g, (m, name) => String(fields[name] ?? m));

function setLang(lang) {
  state.lang = WORDS[lang] ? lang : "zh";
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  try { localStorage.setItem("gkcheck.lang", state.lang); } catch (e) { /* private mode */ }
  showChosen();
  // a result on show is checked again in the new language (the files it was made from)
  if (state.shown && !state.busy && state.shown.lang !== state.lang) submit(state.shown.body);
}

function add(list, files) {
  for (const f of files) list.push(f);
  showChosen();
}

function showChosen() {
  const ul = $("chosen");
  ul.replaceChildren();
  const item = (list, f, i, note) => {
    const li = document.createElement("li");
    li.textContent = f.name + note;
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = t("remove");
    b.setAttribute("aria-label", t("remove") + " " + f.name);
    b.addEventListener("click", () => { list.splice(i, 1); showChosen(); $("files").focus(); });
    li.append(b);
    ul.append(li);
  };
  state.files.forEach((f, i) => item(state.files, f, i, ""));
  state.previous.forEach((f, i) => item(state.previous, f, i, t("lastYear")));
}

function pasted(event) {
  const data = event.clipboardData;
  if (!data) return;
  const html = data.getData("text/html");
  const text = data.getData("text/plain");
  if (!html && !text) return;
  event.preventDefault();  // the page never inserts what was pasted
  state.pasted += 1;
  const name = `${t("pasted")} ${state.pasted}` + (html ? ".html" : ".txt");
  add(state.files, [new File([html || text], name, { type: html ? "text/html" : "text/plain" })]);
  $("paste").value = "";
}

async function check(event) {
  event.preventDefault();
  const status = $("status");
  status.classList.remove("error");
  if (!state.files.length) {
    status.classList.add("error");
    status.textContent = t("nothing");
    return;
  }
  const body = new FormData();
  for (const f of state.files) body.append("files", f, f.name);
  for (const f of state.previous) body.append("previous", f, f.name);
  await submit(body);
}

async function submit(body) {
  const status = $("status");
  const lang = state.lang;
  status.classList.remove("error");
  status.textContent = t("checking");
  $("check").disabled = true;
  state.busy = true;
  try {
    const response = await fetch(`/api/page?lang=${lang}`, { method: "POST", body, credentials: "same-origin" });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || String(response.status));
    if (lang !== state.lang) return await submit(body);  // the language changed meanwhile
    show(answer);
    state.shown = { body, lang };
    status.textContent = t("done");
  } catch (e) {
    status.classList.add("error");
    status.textContent = t("failed") + e.message;
  } finally {
    $("check").disabled = false;
    state.busy = false;
  }
}

function show(answer) {
  for (const u of state.urls) URL.revokeObjectURL(u);
  const link = (id, text, type) => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    state.urls.push(url);
    $(id).href = url;
  };
  link("dl-html", answer.html, "text/html");
  link("dl-json", JSON.stringify(answer.report, null, 2) + "\n", "application/json");
  const s = answer.report.summary;
  $("summary").textContent = t("summary", { ...s, unreadable: s.unreadable ? t("summaryUnreadable", s) : "" });
  $("result").hidden = false;
  const frame = $("report");
  frame.srcdoc = answer.html;
  $("result").scrollIntoView();
}

function fit() {
  const frame = $("report");
  const doc = frame.contentDocument;
  if (doc && doc.documentElement) frame.style.height = doc.documentElement.scrollHeight + 24 + "px";
}

function dropZone() {
  const zone = $("drop");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer) add(state.files, e.dataTransfer.files);
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  WORDS = (await (await fetch("/messages.json", { credentials: "same-origin" })).json()).messages;
  let lang = "zh";
  try { lang = localStorage.getItem("gkcheck.lang") || "zh"; } catch (e) { /* private mode */ }
  for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLang(b.dataset.lang));
  for (const [id, list] of [["files", state.files], ["previous", state.previous]]) {
    $(id).addEventListener("change", (e) => { add(list, e.target.files); e.target.value = ""; });
  }
  document.addEventListener("paste", pasted);
  dropZone();
  $("form").addEventListener("submit", check);
  $("clear").addEventListener("click", () => {
    state.files.length = 0; state.previous.length = 0; state.shown = null;
    showChosen(); $("status").textContent = ""; $("result").hidden = true;
  });
  $("print").addEventListener("click", () => window.print());
  $("report").addEventListener("load", fit);
  setLang(lang);
});
