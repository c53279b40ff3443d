// What every editor test page offers the tests, in the page's own (main) world:
//   window.readEditor()  the text the editor's OWN model holds, blocks joined with "\n"
//                        (what the site would send, not what the DOM shows)
//   #send / #sent        a visible Send button that writes readEditor() into <pre id="sent">
//   window.editorReady   false while the editor is being set up, true once it is on the page
//                        (React renders and CKEditor 5 starts asynchronously; tests wait for it)
window.editorReady = false; // runs first, when the bundle starts

export function harness(readEditor, { editor = null, readyWhen = null } = {}) {
  window.readEditor = readEditor;
  window.editor = editor;
  document.getElementById("send").addEventListener("click", () => {
    document.getElementById("sent").textContent = readEditor();
  });
  if (!readyWhen || document.querySelector(readyWhen)) {
    window.editorReady = true;
    return;
  }
  new MutationObserver((_, observer) => {
    if (document.querySelector(readyWhen)) {
      observer.disconnect();
      window.editorReady = true;
    }
  }).observe(document.body, { childList: true, subtree: true });
}
