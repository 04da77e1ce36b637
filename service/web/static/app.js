// The editors' page: sends the pasted article to POST /v1/quotes and shows the answer.
// Article text only ever reaches the page as text nodes (never innerHTML).
"use strict";

(() => {
  const PALETTE_SIZE = 8;
  const ERROR_LOCATIONS = new Set(["json", "query", "headers", "form", "files"]);
  const byId = (id) => document.getElementById(id);

  const form = byId("extract-form");
  const articleInput = byId("article");
  const extractButton = byId("extract");
  const statusLine = byId("status");
  const errorBox = byId("error");
  const results = byId("results");
  const articleView = byId("article-view");
  const speakerList = byId("speakers");
  const detail = byId("detail");

  let shown = null; // {quotes, speakersById, colourOf} of the response on screen

  /** A DOM element; strings among `children` become text nodes, so they are never parsed. */
  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) continue;
      if (name === "class") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(name, String(value));
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function selectedFormat() {
    return form.elements.format.value === "html" ? "html" : "text";
  }

  function onFormatChange() {
    byId("article-label").textContent = selectedFormat() === "html" ? "Article HTML" : "Article text";
  }

  function setBusy(busy) {
    extractButton.disabled = busy;
    extractButton.textContent = busy ? "Extracting…" : "Extract";
    form.setAttribute("aria-busy", String(busy));
    if (busy) statusLine.textContent = "Extracting quotes…";
  }

  /** Lines like `text: Shorter than minimum length 1.` from the API's per-field `errors`. */
  function fieldErrors(errors, path = []) {
    if (typeof errors === "string") return [`${path.join(".") || "request"}: ${errors}`];
    if (Array.isArray(errors)) return errors.flatMap((item) => fieldErrors(item, path));
    if (errors && typeof errors === "object") {
      return Object.entries(errors).flatMap(([key, value]) =>
        fieldErrors(value, path.length === 0 && ERROR_LOCATIONS.has(key) ? path : [...path, key]));
    }
    return [];
  }

  function showError(status, message, details = []) {
    statusLine.textContent = "";
    results.hidden = true;
    errorBox.replaceChildren(
      element("p", {}, element("strong", {}, status ? `Error ${status}: ` : "Error: "), message),
      ...(details.length ? [element("ul", {}, ...details.map((line) => element("li", {}, line)))] : []),
    );
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
  }

  async function onSubmit(event) {
    event.preventDefault();
    const format = selectedFormat();
    const submitted = articleInput.value;
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const apiKey = byId("api-key").value.trim();
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    clearError();
    setBusy(true);
    try {
      const response = await fetch("v1/quotes", {
        method: "POST", headers, body: JSON.stringify({ [format]: submitted }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok || body === null) {
        if (body && typeof body.message === "string") {
          showError(response.status, body.message, fieldErrors(body.errors));
        } else {
          const answer = `${response.status} ${response.statusText}`.trim();
          showError(response.status, `The service answered ${answer} without a JSON body.`);
        }
        return;
      }
      render(body, typeof body.text === "string" ? body.text : submitted);
    } catch (error) {
      showError(null, `Could not reach the service (${error.message}).`);
    } finally {
      setBusy(false);
    }
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
  }

  function render(body, text) {
    const speakers = body.speakers || [];
    const quotes = body.quotes || [];
    shown = {
      quotes,
      speakersById: new Map(speakers.map((speaker) => [speaker.id, speaker])),
      colourOf: new Map(speakers.map((speaker, index) => [speaker.id, index % PALETTE_SIZE])),
    };
    renderArticle(Array.from(text), quotes);
    renderSpeakers(speakers, quotes);
    resetDetail();
    const unattributed = quotes.filter((quote) => !quote.speaker_id).length;
    const grey = unattributed ? ` (${unattributed} unattributed, in grey)` : "";
    const model = body.model ? ` · model ${body.model.name} ${body.model.version}` : "";
    byId("summary").textContent =
      `${plural(quotes.length, "quote")} from ${plural(speakers.length, "speaker")}${grey}${model}`;
    renderGenderSummary(speakers);
    statusLine.textContent = `Found ${plural(quotes.length, "quote")}.`;
    results.hidden = false;
  }

  function colourClass(speakerId) {
    return shown.colourOf.has(speakerId) ? `speaker-${shown.colourOf.get(speakerId)}` : "speaker-none";
  }

  /**
   * The article with each quote in a <mark>. `characters` is the text split into code
   * points, because the API's offsets are Python string indices, not UTF-16 units.
   */
  function renderArticle(characters, quotes) {
    const order = [...quotes.keys()].sort((a, b) => quotes[a].start - quotes[b].start);
    const pieces = [];
    let cursor = 0;
    for (const index of order) {
      const quote = quotes[index];
      if (quote.start < cursor || quote.end <= quote.start || quote.end > characters.length) continue;
      pieces.push(characters.slice(cursor, quote.start).join(""));
      pieces.push(element("mark", {
        class: `quote ${colourClass(quote.speaker_id)}`,
        tabindex: 0,
        role: "button",
        "aria-pressed": "false",
        title: quote.speaker ? `Quote by ${quote.speaker}` : "Unattributed quote",
        dataset: { index: String(index), speaker: quote.speaker_id || "" },
      }, characters.slice(quote.start, quote.end).join("")));
      cursor = quote.end;
    }
    pieces.push(characters.slice(cursor).join(""));
    articleView.replaceChildren(...pieces);
    articleView.classList.remove("has-speaker-selection");
  }

  function renderSpeakers(speakers, quotes) {
    speakerList.replaceChildren(...speakers.map((speaker) => {
      const own = quotes.filter((quote) => quote.speaker_id === speaker.id);
      return element("li", { class: `card ${colourClass(speaker.id)}`, dataset: { speaker: speaker.id } },
        element("button", { type: "button", class: "card-select", "aria-pressed": "false" },
          element("span", { class: "swatch", "aria-hidden": "true" }),
          element("span", { class: "card-name" }, speaker.name)),
        element("dl", { class: "card-facts" },
          element("dt", {}, "Role"), fact(speaker.role, "role"),
          element("dt", {}, "Organization"), fact(speaker.organization, "organization"),
          ...genderFacts(speaker)),
        own.length
          ? element("ol", { class: "card-quotes", "aria-label": `Quotes by ${speaker.name}` },
            ...own.map((quote) => element("li", {}, `“${quote.text}”`)))
          : element("p", { class: "hint" }, "Mentioned, no quotes."));
    }));
  }

  const GENDER_LABELS = { female: ["woman", "women"], male: ["man", "men"], unknown: ["unknown", "unknown"] };
  const EVIDENCE_LABELS = {
    honorific: "honorific", noun: "gendered noun", pronoun: "pronoun", first_name: "first name (weakest evidence)",
  };

  /** The quoted people by gender, as a bar of three parts and a line of counts. */
  function renderGenderSummary(speakers) {
    const people = speakers.filter((speaker) => speaker.kind === "person" && speaker.quote_count > 0);
    const counts = { female: 0, male: 0, unknown: 0 };
    for (const person of people) counts[person.gender in counts ? person.gender : "unknown"] += 1;
    const parts = Object.entries(counts).filter(([, count]) => count > 0)
      .map(([gender, count]) => `${count} ${GENDER_LABELS[gender][count === 1 ? 0 : 1]}`);
    const line = people.length ? `Quoted people: ${parts.join(", ")}` : "No quoted people.";
    const bar = element("div", { class: "gender-bar", role: "img", "aria-label": line },
      ...Object.entries(counts).map(([gender, count]) => {
        const part = element("span", { class: "gender-part", dataset: { gender, count: String(count) } });
        part.style.width = `${people.length ? (100 * count) / people.length : 0}%`; // CSSOM: allowed by the CSP
        return part;
      }));
    byId("gender-summary").replaceChildren(bar, element("p", { class: "gender-counts" }, line));
  }

  /** A person's gender and each word it rests on, with the kind of evidence. */
  function genderFacts(speaker) {
    if (speaker.kind !== "person") return [];
    const evidence = speaker.gender_evidence || [];
    return [
      element("dt", {}, "Gender"),
      element("dd", { dataset: { field: "gender" }, class: speaker.gender === "unknown" ? "unknown" : null },
        speaker.gender || "unknown"),
      element("dt", {}, "Evidence"),
      evidence.length
        ? element("dd", { dataset: { field: "gender_evidence" } },
          element("ul", { class: "evidence" }, ...evidence.map((item) => element("li", {
            dataset: { kind: item.kind, gender: item.gender },
            title: `characters ${item.start}–${item.end}`,
          }, `“${item.text}” · ${EVIDENCE_LABELS[item.kind] || item.kind}, ${item.gender}`))))
        : element("dd", { class: "unknown", dataset: { field: "gender_evidence" } }, "none in the article"),
    ];
  }

  function fact(value, field) {
    return value
      ? element("dd", { dataset: { field } }, value)
      : element("dd", { class: "unknown", dataset: { field } }, "unknown");
  }

  function resetDetail() {
    detail.replaceChildren(element("p", { class: "hint" },
      "Select a highlighted quote to see its speaker, cue and confidence."));
  }

  function describeSpan(span) {
    return span ? `${span.text} (characters ${span.start}–${span.end})` : "none found";
  }

  function selectQuote(mark) {
    for (const other of articleView.querySelectorAll(".quote[aria-pressed='true']")) {
      other.setAttribute("aria-pressed", "false");
    }
    mark.setAttribute("aria-pressed", "true");
    const quote = shown.quotes[Number(mark.dataset.index)];
    const row = (label, field, value) => [element("dt", {}, label), element("dd", { dataset: { field } }, value)];
    detail.replaceChildren(element("dl", { class: "detail-facts" },
      ...row("Quote", "text", `“${quote.text}”`),
      ...row("Type", "type", quote.type),
      ...row("Speaker", "speaker", quote.speaker || "unattributed"),
      ...row("Role", "role", quote.role || "unknown"),
      ...row("Organization", "organization", quote.organization || "unknown"),
      ...row("Attributed by", "speaker_mention", describeSpan(quote.speaker_mention)),
      ...row("Cue", "cue", describeSpan(quote.cue)),
      ...row("Confidence", "confidence", `${quote.confidence} (${Math.round(quote.confidence * 100)}%)`)));
  }

  function toggleSpeaker(card) {
    const selecting = card.querySelector(".card-select").getAttribute("aria-pressed") !== "true";
    for (const other of speakerList.querySelectorAll(".card")) {
      const pressed = selecting && other === card;
      other.classList.toggle("selected", pressed);
      other.querySelector(".card-select").setAttribute("aria-pressed", String(pressed));
    }
    articleView.classList.toggle("has-speaker-selection", selecting);
    for (const mark of articleView.querySelectorAll(".quote")) {
      mark.classList.toggle("of-selected-speaker", selecting && mark.dataset.speaker === card.dataset.speaker);
    }
  }

  articleView.addEventListener("click", (event) => {
    const mark = event.target.closest(".quote");
    if (mark) selectQuote(mark);
  });
  articleView.addEventListener("keydown", (event) => {
    const mark = event.target.closest(".quote");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      selectQuote(mark);
    }
  });
  speakerList.addEventListener("click", (event) => {
    const card = event.target.closest(".card");
    if (card) toggleSpeaker(card);
  });
  form.addEventListener("submit", onSubmit);
  form.addEventListener("change", (event) => {
    if (event.target.name === "format") onFormatChange();
  });
})();
