/* Counts clicks on search results for search analytics (no personal data).
 *
 * Include on the results page after the results list:
 *   <script src="{% static 'search/click-beacon.js' %}" defer></script>
 * Links with data-result-id send {"q", "id", "position", "source": "results"}
 * to the URL in a data-click-url attribute (on the list or any ancestor, or
 * any element on the page), default /api/search/click/.
 */
(function () {
  "use strict";

  function clickUrl(link) {
    var holder = link.closest("[data-click-url]") || document.querySelector("[data-click-url]");
    return (holder && holder.getAttribute("data-click-url")) || "/api/search/click/";
  }

  function send(url, payload) {
    var body = JSON.stringify(payload);
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: "application/json" }))) {
        return;
      }
    } catch (e) { /* fall through to fetch */ }
    if (window.fetch) {
      fetch(url, {
        method: "POST",
        body: body,
        headers: { "Content-Type": "application/json" },
        keepalive: true,
        credentials: "omit"
      }).catch(function () {});
    }
  }

  function onClick(event) {
    if (event.type === "auxclick" && event.button !== 1) return;
    var link = event.target.closest && event.target.closest("a[data-result-id]");
    if (!link || link.closest("[role='listbox']")) return; // autocomplete counts its own
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var id = parseInt(link.getAttribute("data-result-id"), 10);
    if (!q.trim() || !(id > 0)) return;
    var links = Array.prototype.slice.call(document.querySelectorAll(".search-results a[data-result-id]"));
    var position = links.indexOf(link) + 1;
    if (position < 1) position = 1;
    var page = parseInt(new URLSearchParams(window.location.search).get("page") || "1", 10);
    if (page > 1 && links.length) position += (page - 1) * links.length;
    send(clickUrl(link), { q: q.slice(0, 200), id: id, position: Math.min(position, 1000), source: "results" });
  }

  document.addEventListener("click", onClick, true);
  document.addEventListener("auxclick", onClick, true);
})();
