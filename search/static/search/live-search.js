/*
 * Live search: turns every `form[data-live-search]` into a WAI-ARIA 1.2
 * combobox ("list" autocomplete, popup listbox) that suggests articles as the
 * visitor types. Plain JavaScript, no dependencies.
 *
 * Progressive enhancement: the server renders a plain GET form to /search/
 * plus an empty, hidden popup and two empty live regions
 * (templates/search/includes/live_search.html). Without this script the form
 * simply submits. With it:
 *
 *   input ──(150 ms debounce)──> fetch GET {data-autocomplete-url}?q=&limit=8
 *         (the previous request is aborted: only the newest answer is shown)
 *   JSON {"query", "results": [{"id","title","url","tags","also_known_as",
 *         ["promoted"]}], "suggestions": [{"query"}]}
 *         ──> listbox with two labelled groups: "Suggested searches" (each a
 *             link to /search/?q=…) and "Topics" (title with <mark>ed matches,
 *             "Also called …" when a topic matched through another name,
 *             tags, badge)
 *             + a last option "See all results for “…”" -> /search/?q=…
 *   The popup never scrolls (fewer topics on small screens instead), so
 *   "See all results" is always on screen and axe finds no scroll area
 *   keyboard users could not reach.
 *   "urgent_help" ({"title", "message_html", "article"} or null): a banner
 *   at the top of the popup, above every option, and its words put once in
 *   a live region of its own: again only when a different entry matches or
 *   after the box was emptied, never on every keystroke. Topics show
 *   "Reviewed <date>" from "last_reviewed".
 *
 * Keyboard (focus always stays on the input; the active option is conveyed
 * with aria-activedescendant):
 *   Down / Up     open the list, move to next / previous option (wrapping)
 *   Home / End    first / last option, but only while an option is active;
 *                 otherwise the browser moves the caret as usual (APG allows
 *                 either; this keeps normal text editing when no option is
 *                 being browsed)
 *   Enter         on an active option: go to its URL; else submit the form
 *   Escape        close the list; a second Escape clears the input
 *   Tab           close the list (focus moves on normally)
 *   Left / Right  leave the options and return to editing the text
 *
 * Everything shown comes from text nodes (never innerHTML), so neither the
 * visitor's text nor titles from the server can inject markup. The
 * urgent-help message (sanitised on the server) is parsed with DOMParser and
 * rebuilt element by element from an allow-list (links, emphasis, lists).
 *
 * The script may be included several times on one page (one <script> per
 * widget): each form is enhanced once (data-live-search-enhanced) and the
 * document-level listener is installed once.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var LIMIT = 8;
  var PHONE_LIMIT = 5; // topics shown on small screens, so the list fits
  var URGENT_LIMIT = 3; // topics shown under an urgent-help banner
  var MAX_SUGGESTIONS = 3;
  var CACHE_SIZE = 30;
  var ENHANCED = "liveSearchEnhanced"; // -> data-live-search-enhanced

  /* Enhance every not-yet-enhanced widget; safe to call repeatedly. */
  function enhanceAll(root) {
    var forms = (root || document).querySelectorAll("form[data-live-search]");
    for (var i = 0; i < forms.length; i++) {
      if (!forms[i].dataset[ENHANCED]) {
        enhance(forms[i]);
      }
    }
  }

  if (window.HealthLiveSearch) {
    // Already loaded by an earlier <script> tag: only pick up new forms.
    window.HealthLiveSearch.enhanceAll();
    return;
  }

  /* All open widgets, so one document listener can close them on an
     outside click or tap. */
  var widgets = [];

  document.addEventListener("pointerdown", function (event) {
    for (var i = 0; i < widgets.length; i++) {
      if (!widgets[i].form.contains(event.target)) {
        widgets[i].close();
      }
    }
  });

  /* ------------------------------------------------------------ helpers */

  /* A tag's display name, as on the results page ("muscles" -> "Muscles"). */
  function tagLabel(name) {
    name = String(name || "").replace(/\s+/g, " ").trim();
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function visibleLimit() {
    var small =
      window.matchMedia && window.matchMedia("(max-width: 39.99rem), (max-height: 40rem)");
    return small && small.matches ? PHONE_LIMIT : LIMIT;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* Append `text` to `parent`, wrapping every case-insensitive occurrence of
     one of the query's words in <mark>. Only text nodes are created. */
  function appendHighlighted(parent, text, query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    if (!words.length) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    // Longest words first so "muscle" wins over "mu" at the same position.
    words.sort(function (a, b) {
      return b.length - a.length;
    });
    var pattern;
    try {
      pattern = new RegExp(words.map(escapeRegExp).join("|"), "giu");
    } catch (e) {
      pattern = new RegExp(words.map(escapeRegExp).join("|"), "gi");
    }
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match[0] === "") {
        pattern.lastIndex++;
        continue;
      }
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      var mark = document.createElement("mark");
      mark.className = "live-search__match";
      mark.appendChild(document.createTextNode(match[0]));
      parent.appendChild(mark);
      last = match.index + match[0].length;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.appendChild(document.createTextNode(text));
    return node;
  }

  var MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ];

  /* "2025-03-12" -> "12 March 2025", as on the results page ("" if unsure). */
  function reviewedDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    if (!parts) return "";
    var month = MONTHS[Number(parts[2]) - 1];
    return month ? Number(parts[3]) + " " + month + " " + parts[1] : "";
  }

  var ALLOWED = { A: "a", B: "b", STRONG: "strong", EM: "em", I: "i", UL: "ul",
    OL: "ol", LI: "li", P: "p", BR: "br" };
  var SAFE_HREF = /^(https?:|mailto:|tel:|\/(?!\/)|#)/i;

  /* Copy `source`'s children into `target`, keeping only allowed elements
     (and a safe href on links); everything else becomes its text. */
  function copyAllowed(source, target) {
    for (var node = source.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === 1) {
        var tag = ALLOWED[node.tagName];
        if (!tag) {
          copyAllowed(node, target);
          continue;
        }
        var copy = document.createElement(tag);
        if (tag === "a") {
          var href = node.getAttribute("href") || "";
          if (SAFE_HREF.test(href)) copy.setAttribute("href", href);
        }
        copyAllowed(node, copy);
        target.appendChild(copy);
      }
    }
  }

  function urgentBanner(urgent) {
    var banner = el("div", "live-search__urgent urgent-help urgent-help--compact");
    var title = el("p", "urgent-help__title");
    title.appendChild(el("span", "urgent-help__icon", "!")).setAttribute(
      "aria-hidden",
      "true"
    );
    title.appendChild(document.createTextNode(" " + String(urgent.title || "")));
    banner.appendChild(title);
    var message = el("div", "urgent-help__message");
    if (typeof DOMParser === "function") {
      var parsed = new DOMParser().parseFromString(
        String(urgent.message_html || ""),
        "text/html"
      );
      copyAllowed(parsed.body, message);
    }
    banner.appendChild(message);
    var article = urgent.article;
    if (article && article.url) {
      var more = el("p", "urgent-help__article", "Read more: ");
      var link = el("a", null, String(article.title || ""));
      if (SAFE_HREF.test(String(article.url))) link.setAttribute("href", article.url);
      more.appendChild(link);
      banner.appendChild(more);
    }
    return banner;
  }

  /* Report a chosen suggestion; fire-and-forget, silent on any failure. */
  function sendClickBeacon(url, payload) {
    if (!url || !navigator.sendBeacon) return;
    try {
      navigator.sendBeacon(
        url,
        new Blob([JSON.stringify(payload)], { type: "application/json" })
      );
    } catch (e) {
      /* analytics must never get in the visitor's way */
    }
  }

  /* ------------------------------------------------------------- widget */

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var popup = form.querySelector(".live-search__popup");
    var listbox = form.querySelector("[role=listbox]");
    var status = form.querySelector("[role=status]");
    var alertRegion = form.querySelector("[role=alert]:not([data-urgent-region])");
    if (!input || !popup || !listbox || !status || !alertRegion) {
      return; // unexpected markup: leave the plain form alone
    }
    form.dataset[ENHANCED] = "true";
    form.classList.add("live-search--enhanced");

    var endpoint = form.getAttribute("data-autocomplete-url") || "/api/search/autocomplete/";
    var clickUrl = form.getAttribute("data-click-url");
    var resultsUrl = form.getAttribute("action") || "/search/";
    var listboxId = listbox.id || input.id + "-listbox";
    listbox.id = listboxId;

    // Combobox semantics on the input itself (ARIA 1.2 pattern).
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listboxId);
    input.setAttribute("aria-haspopup", "listbox");

    var options = []; // [{node, url, id, position}] in display order
    var active = -1; // index into options, -1 = none
    var timer = null;
    var controller = null; // AbortController of the request in flight
    var cache = new Map(); // query -> results (small, most recent last)
    var shownQuery = null; // query whose results are in the listbox

    // Visual "nothing found" line above the "See all results" option; screen
    // reader users hear the same thing from the alert region.
    var emptyNote = el("p", "live-search__empty");
    emptyNote.setAttribute("aria-hidden", "true");
    popup.insertBefore(emptyNote, popup.firstChild);

    // Urgent help: the banner's slot at the very top of the popup, and a
    // live region of its own, present from the start so screen readers
    // announce what is put in it.
    var urgentSlot = el("div", "live-search__urgent-slot");
    popup.insertBefore(urgentSlot, popup.firstChild);
    var urgentRegion = form.querySelector("[data-urgent-region]");
    if (!urgentRegion) {
      urgentRegion = el("div", "live-search__sr visually-hidden");
      urgentRegion.setAttribute("aria-live", "assertive");
      urgentRegion.setAttribute("aria-atomic", "true");
      urgentRegion.setAttribute("data-urgent-region", "");
      form.appendChild(urgentRegion);
    }
    var announcedUrgent = null; // title last put in the urgent region

    function showUrgent(urgent) {
      urgentSlot.textContent = "";
      if (!urgent || !urgent.title) return;
      var banner = urgentBanner(urgent);
      urgentSlot.appendChild(banner);
      var key = String(urgent.title);
      if (announcedUrgent !== key) {
        // Once per query: a new entry (or a new query after emptying the
        // box) is announced; the same one while typing on is not.
        announcedUrgent = key;
        urgentRegion.textContent =
          "Urgent: " + key + ". " + banner.querySelector(".urgent-help__message").textContent;
      }
    }

    var widget = { form: form, close: close };
    widgets.push(widget);

    function isOpen() {
      return input.getAttribute("aria-expanded") === "true";
    }

    function open() {
      if (!options.length) return;
      popup.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function announce(region, message) {
      // Only touch the region when the message changes, so screen readers
      // are not re-interrupted by the same words on every keystroke.
      if (region.textContent !== message) region.textContent = message;
    }

    function clearAnnouncements() {
      announce(status, "");
      announce(alertRegion, "");
      announce(urgentRegion, "");
      announcedUrgent = null; // the next query may announce again
      urgentSlot.textContent = "";
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].node.setAttribute("aria-selected", "false");
        options[active].node.classList.remove("live-search__option--active");
      }
      active = index;
      if (active >= 0 && options[active]) {
        var node = options[active].node;
        node.setAttribute("aria-selected", "true");
        node.classList.add("live-search__option--active");
        input.setAttribute("aria-activedescendant", node.id);
        // Keep the active option visible inside a scrolled popup.
        if (node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function move(delta) {
      if (!options.length) return;
      var next;
      if (active < 0) {
        next = delta > 0 ? 0 : options.length - 1;
      } else {
        next = (active + delta + options.length) % options.length; // wrap
      }
      setActive(next);
    }

    function addOption(index, build, target, parent) {
      var li = document.createElement("div");
      li.id = listboxId + "-option-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "live-search__option";
      build(li);
      (parent || listbox).appendChild(li);
      target.node = li;
      options.push(target);
    }

    /* A labelled group of options ("Suggested searches", "Topics"). */
    function addGroup(key, label) {
      var group = el("div", "live-search__group live-search__group--" + key);
      group.setAttribute("role", "group");
      var heading = el("div", "live-search__group-label", label);
      heading.id = listboxId + "-group-" + key;
      heading.setAttribute("role", "presentation");
      group.setAttribute("aria-labelledby", heading.id);
      group.appendChild(heading);
      listbox.appendChild(group);
      return group;
    }

    function words(text) {
      return text.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
    }

    /* Every word typed starts a word of `text` (the last may be partial). */
    function startsWords(text, query) {
      var targets = words(text);
      var typed = words(query);
      return (
        typed.length > 0 &&
        typed.every(function (w) {
          return targets.some(function (t) {
            return t.indexOf(w) === 0;
          });
        })
      );
    }

    /* The also-known-as name a topic matched through, when its title does
       not show what was typed ("charley horse" -> Muscle cramps). */
    function matchedName(item, query) {
      var names = Array.isArray(item.also_known_as) ? item.also_known_as : [];
      if (!names.length || startsWords(String(item.title || ""), query)) return null;
      for (var i = 0; i < names.length; i++) {
        if (startsWords(String(names[i]), query)) return String(names[i]);
      }
      return null;
    }

    /* Replace the listbox content with the topics (`results`) and suggested
       searches for `query`. */
    function render(query, results, suggestions, urgent) {
      setActive(-1);
      showUrgent(urgent);
      options = [];
      listbox.textContent = ""; // drop old options
      shownQuery = query;
      suggestions = (suggestions || []).slice(0, MAX_SUGGESTIONS);
      // With an urgent-help banner on top, fewer topics, so the list still
      // fits without scrolling.
      results = results.slice(0, urgent ? URGENT_LIMIT : visibleLimit());
      var index = 0;

      if (suggestions.length) {
        var searches = addGroup("searches", "Suggested searches");
        suggestions.forEach(function (suggestion) {
          var text = String(suggestion.query || "");
          addOption(
            index++,
            function (li) {
              li.classList.add("live-search__option--search");
              var title = el("span", "live-search__title");
              appendHighlighted(title, text, query);
              li.appendChild(title);
            },
            {
              url: resultsUrl + "?" + new URLSearchParams({ q: text }).toString(),
              id: null,
              position: null,
            },
            searches
          );
        });
      }

      if (results.length) {
        var topics = addGroup("topics", "Topics");
        results.forEach(function (item, i) {
          addOption(
            index++,
            function (li) {
              if (item.promoted) {
                li.classList.add("live-search__option--promoted");
                li.appendChild(el("span", "live-search__badge", "Recommended"));
              }
              var title = el("span", "live-search__title");
              appendHighlighted(title, String(item.title || ""), query);
              li.appendChild(title);
              var name = matchedName(item, query);
              if (name) {
                // Why it matched: the name the visitor used.
                var reason = el("span", "live-search__reason", "Also called ");
                appendHighlighted(reason, name, query);
                li.appendChild(reason);
              }
              var reviewed = reviewedDate(item.last_reviewed);
              if ((item.tags && item.tags.length) || reviewed) {
                // The review date, then the tags, marked too (a tag is
                // often why an article matched), on one line.
                // The date first: on a narrow screen the line is cut at the
                // end (one line per topic, so the list still fits).
                var tags = el("span", "live-search__tags");
                if (reviewed) {
                  tags.appendChild(el("span", "live-search__reviewed", "Reviewed " + reviewed));
                  if (item.tags && item.tags.length) {
                    tags.appendChild(document.createTextNode(" \u00b7 "));
                  }
                }
                appendHighlighted(tags, (item.tags || []).map(tagLabel).join(" \u00b7 "), query);
                li.appendChild(tags);
              }
            },
            { url: item.url, id: item.id, position: i + 1 },
            topics
          );
        });
      }

      // Last option: the full results page (always offered, even when the
      // quick suggestions found nothing: the full search is more forgiving).
      // The popup never scrolls, so this option is always on screen with
      // the rest (no scroll area that keyboard users could not reach).
      var params = new URLSearchParams({ q: query });
      addOption(
        index,
        function (li) {
          li.classList.add("live-search__option--all");
          li.appendChild(
            el("span", "live-search__title", "See all results for \u201c" + query + "\u201d")
          );
        },
        { url: resultsUrl + "?" + params.toString(), id: null, position: null }
      );

      if (results.length) {
        form.classList.remove("live-search--empty");
        announce(alertRegion, "");
        announce(
          status,
          results.length +
            (results.length === 1 ? " result" : " results") +
            (suggestions.length
              ? " and " +
                suggestions.length +
                (suggestions.length === 1 ? " suggested search" : " suggested searches")
              : "") +
            " available. Use up and down arrows to choose."
        );
      } else {
        form.classList.add("live-search--empty");
        emptyNote.textContent = "No quick matches for \u201c" + query + "\u201d";
        announce(status, "");
        announce(alertRegion, "No results for \u201c" + query + "\u201d");
      }
      // The answer may arrive after the visitor has moved on (Tab, click
      // elsewhere): only pop the list up while the input has focus.
      if (document.activeElement === input) open();
    }

    function choose(index) {
      var option = options[index];
      if (!option || !option.url) return;
      if (option.id != null) {
        sendClickBeacon(clickUrl, {
          q: shownQuery,
          id: option.id,
          position: option.position,
          source: "autocomplete",
        });
      }
      close();
      window.location.assign(option.url);
    }

    function abortPending() {
      clearTimeout(timer);
      timer = null;
      if (controller) {
        controller.abort();
        controller = null;
      }
    }

    function remember(query, answer) {
      cache.delete(query);
      cache.set(query, answer);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
    }

    function fetchSuggestions(query) {
      if (cache.has(query)) {
        var cached = cache.get(query);
        render(query, cached.results, cached.suggestions, cached.urgent);
        return;
      }
      if (controller) controller.abort(); // stale request: drop it
      var mine = typeof AbortController === "function" ? new AbortController() : null;
      controller = mine;
      var url = endpoint + "?" + new URLSearchParams({ q: query, limit: String(LIMIT) });
      fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: mine ? mine.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (controller === mine) controller = null;
          var results = Array.isArray(data && data.results) ? data.results : [];
          var suggestions = Array.isArray(data && data.suggestions)
            ? data.suggestions
            : [];
          var urgent = data && data.urgent_help ? data.urgent_help : null;
          remember(query, { results: results, suggestions: suggestions, urgent: urgent });
          // Belt and braces: ignore an answer for text no longer typed.
          if (input.value.trim() !== query) return;
          render(query, results, suggestions, urgent);
        })
        .catch(function (error) {
          if (controller === mine) controller = null;
          if (error && error.name === "AbortError") return; // superseded
          close(); // network/server trouble: quietly fall back to the form
        });
    }

    function onInput() {
      clearTimeout(timer);
      var query = input.value.trim();
      if (!query) {
        abortPending();
        close();
        clearAnnouncements();
        return;
      }
      timer = setTimeout(function () {
        timer = null;
        fetchSuggestions(query);
      }, DEBOUNCE_MS);
    }

    input.addEventListener("input", onInput);

    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.keyCode === 229) return; // IME at work
      var hasActive = isOpen() && active >= 0;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          event.preventDefault();
          if (isOpen()) {
            if (!event.altKey) move(1);
          } else if (options.length && shownQuery === input.value.trim()) {
            open();
            if (!event.altKey) move(1);
          } else if (input.value.trim()) {
            abortPending();
            fetchSuggestions(input.value.trim());
          }
          break;
        case "ArrowUp":
        case "Up":
          event.preventDefault();
          if (isOpen()) {
            if (event.altKey) close();
            else move(-1);
          } else if (options.length && shownQuery === input.value.trim()) {
            open();
            move(-1);
          }
          break;
        case "Home":
          if (hasActive) {
            event.preventDefault();
            setActive(0);
          }
          break;
        case "End":
          if (hasActive) {
            event.preventDefault();
            setActive(options.length - 1);
          }
          break;
        case "ArrowLeft":
        case "ArrowRight":
        case "Left":
        case "Right":
          setActive(-1); // back to editing the text
          break;
        case "Enter":
          if (hasActive) {
            event.preventDefault();
            choose(active);
          } else {
            // Submit the plain form; drop pending work so the list does not
            // pop up again while the results page loads.
            abortPending();
            close();
          }
          break;
        case "Escape":
        case "Esc":
          // preventDefault also stops Chromium's own "clear on Escape" for
          // type=search, so the first Escape only closes the list.
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            abortPending();
            input.value = "";
            clearAnnouncements();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    // Keep focus on the input when the popup is pressed (so the list is
    // not closed by the focusout handler before the click lands).
    popup.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    listbox.addEventListener("click", function (event) {
      var node = event.target.closest ? event.target.closest("[role=option]") : null;
      if (!node) return;
      for (var i = 0; i < options.length; i++) {
        if (options[i].node === node) {
          choose(i);
          return;
        }
      }
    });

    // Focus leaving the whole widget (Tab, tap elsewhere, window switch).
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
        close();
      }
    });

    // A page restored from the back/forward cache should not show an old list.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        abortPending();
        close();
      }
    });
  }

  window.HealthLiveSearch = { enhanceAll: enhanceAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhanceAll();
    });
  } else {
    enhanceAll();
  }
})();
