/* aseanct's search, run in the page: no network, no library. The index is a script
   (assets/search-index.js) that sets window.ASEANCT_INDEX, so it works from file:// too.
   Each row: [id, acronyms "|", name, aliases "|", type, kind, scope].
   Ranking: an exact acronym or id, then a whole name, then names that start with the query,
   then every word found at the start of a word of a name, then the same with a typo
   (one edit in words of 4 letters or more, two in words of 8 or more). Accents, case,
   spaces and punctuation do not count: "asean act", "aseanact" and "ASEAN-ACT" are the
   same acronym, "Ban Chi dao" finds "Ban Chỉ đạo".
   A word found only with a typo is shown corrected ("Showing results for ..."), from the
   first result's words. Fifty results at a time, then a button shows the next fifty.
   The query is kept in the address (?q=), so Back returns to the same results. */
(function () {
  "use strict";
  var rows = window.ASEANCT_INDEX || [];
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var more = document.getElementById("more");
  var PAGE = 50;
  var found = [], shown = 0;
  if (!input || !list) { return; }

  function fold(text) {
    /* đ (Vietnamese) has no decomposition to strip, so it is mapped by hand */
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/đ/g, "d");
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function compact(text) {
    return words(text).join("");
  }

  var entries = rows.map(function (row) {
    var acronyms = row[1] ? row[1].split("|") : [];
    var aliases = row[3] ? row[3].split("|") : [];
    var names = [row[2]].concat(aliases);
    var tokens = [];
    names.concat(acronyms).forEach(function (name) { tokens = tokens.concat(words(name)); });
    return {
      id: row[0], acronyms: acronyms, name: row[2], aliases: aliases, type: row[4],
      kind: row[5], scope: row[6],
      foldedAcronyms: acronyms.map(fold), foldedNames: names.map(fold),
      compactAcronyms: acronyms.concat([row[0]]).map(compact), compactNames: names.map(compact),
      tokens: Array.from(new Set(tokens))
    };
  });

  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        current.push(value);
        if (value < best) { best = value; }
      }
      if (best > limit) { return limit + 1; }
      previous = current;
    }
    return previous[b.length];
  }
  function allowed(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }

  /* How well a query word matches a record's words: 2 a prefix, 1 within the typos
     allowed, 0 not at all. */
  function wordMatch(word, tokens, typos) {
    var limit = typos ? allowed(word) : 0, k;
    for (k = 0; k < tokens.length; k++) {
      if (tokens[k].indexOf(word) === 0) { return 2; }
    }
    if (!limit) { return 0; }
    for (k = 0; k < tokens.length; k++) {
      /* the whole word, or its start as long as the query (a word still being typed) */
      if (distance(word, tokens[k], limit) <= limit ||
          distance(word, tokens[k].slice(0, word.length), limit) <= limit) { return 1; }
    }
    return 0;
  }

  function score(entry, query, queryWords, typos) {
    var squeezed = queryWords.join("");
    if (entry.foldedAcronyms.indexOf(query) >= 0 || entry.id === query ||
        (squeezed && entry.compactAcronyms.indexOf(squeezed) >= 0)) { return 1000; }
    if (entry.foldedNames.indexOf(query) >= 0 ||
        (squeezed && entry.compactNames.indexOf(squeezed) >= 0)) { return 900; }
    if (entry.foldedNames.some(function (n) { return n.indexOf(query) === 0; })) { return 800; }
    if (entry.foldedAcronyms.some(function (a) { return a.indexOf(query) === 0; })) { return 750; }
    if (!queryWords.length) { return 0; }
    var total = 0, fuzzy = 0;
    for (var i = 0; i < queryWords.length; i++) {
      var found = wordMatch(queryWords[i], entry.tokens, typos);
      if (!found) { return 0; }
      total += found;
      if (found === 1) { fuzzy++; }
    }
    /* at equal words, a body, programme, instrument or country before an event about it */
    return (fuzzy ? 300 : 600) + total * 10 - (entry.type === "event" ? 5 : 0) -
      entry.tokens.length / 100;
  }

  function search(text) {
    var query = fold(text.trim());
    if (!query) { return []; }
    var queryWords = words(query);
    var hits = [];
    function pass(typos) {
      hits = [];
      entries.forEach(function (entry, position) {
        var value = score(entry, query, queryWords, typos);
        if (value > 0) { hits.push([value, position, entry]); }
      });
    }
    pass(false);
    if (hits.length < 10) { pass(true); }  /* typos only when exact words find little */
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return hits.map(function (f) { return f[2]; });
  }

  /* The query as the first result reads it: each word that matched only with a typo
     replaced by the record's word it matched ("traficking" -> "trafficking"). */
  function corrected(text, entry) {
    return words(text).map(function (word) {
      var limit = allowed(word), k, token;
      for (k = 0; k < entry.tokens.length; k++) {
        if (entry.tokens[k].indexOf(word) === 0) { return word; }
      }
      for (k = 0; limit && k < entry.tokens.length; k++) {
        token = entry.tokens[k];
        if (distance(word, token, limit) <= limit ||
            distance(word, token.slice(0, word.length), limit) <= limit) { return token; }
      }
      return word;
    }).join(" ");
  }

  function show(text) {
    found = search(text);
    shown = 0;
    list.textContent = "";
    showMore();
    var query = text.trim();
    var fixed = found.length ? corrected(query, found[0]) : "";
    var note = fixed && fixed !== words(query).join(" ") ? "Showing results for “" + fixed + "”. " : "";
    if (!query) { status.textContent = ""; }
    else if (!found.length) { status.textContent = "Nothing matches “" + query + "”."; }
    else { status.textContent = note + found.length + (found.length === 1 ? " match" : " matches"); }
  }

  /* the next fifty results, and the button for the fifty after them */
  function showMore() {
    found.slice(shown, shown + PAGE).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "r/" + entry.id + ".html";
      if (entry.acronyms.length) {
        var bold = document.createElement("b");
        bold.textContent = entry.acronyms[0];
        link.appendChild(bold);
        link.appendChild(document.createTextNode(" "));
      }
      link.appendChild(document.createTextNode(entry.name));
      var about = document.createElement("span");
      about.className = "kind";
      var about_parts = [entry.type];
      if (entry.kind && entry.kind !== entry.type) { about_parts.push(entry.kind); }
      if (entry.scope && about_parts.indexOf(entry.scope) < 0) { about_parts.push(entry.scope); }
      about.textContent = about_parts.join(" · ");
      item.appendChild(link);
      item.appendChild(about);
      list.appendChild(item);
    });
    shown = Math.min(found.length, shown + PAGE);
    if (more) {
      more.hidden = shown >= found.length;
      more.textContent = "Show " + Math.min(PAGE, found.length - shown) + " more (" +
        shown + " of " + found.length + " shown)";
    }
  }

  function remember(text) {
    /* the query in the address, so Back (or a bookmark) shows the same results */
    var address = new URL(window.location.href);
    if (text.trim()) { address.searchParams.set("q", text); }
    else { address.searchParams.delete("q"); }
    try { window.history.replaceState(null, "", address.href); } catch (error) { /* not allowed here */ }
  }

  input.addEventListener("input", function () { show(input.value); remember(input.value); });
  if (more) { more.addEventListener("click", showMore); }
  /* with JavaScript the results are on this page; without it, the form opens All records */
  input.form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = list.querySelector("a");
      if (first) { window.location.href = first.getAttribute("href"); }
    }
  });
  var start = new URLSearchParams(window.location.search).get("q");
  if (start) { input.value = start; }
  if (input.value) { show(input.value); }
})();
