// Load the utterances comment thread only when its section comes near the screen:
// nothing is requested from utteranc.es for a reader who never scrolls to the end.
(function () {
  function load(section) {
    const dark = document.documentElement.dataset.theme === "dark";
    const script = document.createElement("script");
    script.src = "https://utteranc.es/client.js";
    script.async = true;
    script.crossOrigin = "anonymous";
    script.setAttribute("repo", section.dataset.repo);
    script.setAttribute("issue-term", section.dataset.issueTerm);
    script.setAttribute("theme", dark ? "github-dark" : "github-light");
    section.appendChild(script);
  }
  document.addEventListener("DOMContentLoaded", function () {
    const section = document.querySelector(".introdl-comments");
    if (!section) return;
    if (!("IntersectionObserver" in window)) return load(section);
    const observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        load(section);
      }
    }, { rootMargin: "400px" });
    observer.observe(section);
  });
})();
