/* A site's page (/site/<id>): the share link shows this page's full address, and a "share"
   button appears where the browser has navigator.share (phones; WeChat's browser shows its own
   share menu and keeps the plain link). Nothing else: the page works without this script. */

function setUp() {
  const input = document.getElementById("share-url");
  if (!input) return;
  const url = window.location.origin + window.location.pathname;
  input.value = url;
  input.addEventListener("focus", () => input.select());
  const button = document.getElementById("share-button");
  if (!button || typeof navigator.share !== "function") return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.share({ title: button.dataset.title || document.title, url }).catch(() => {
      /* the user closed the share sheet: nothing to do */
    });
  });
}

setUp();
