// ProseMirror (used by e.g. Atlassian, NYT, many chat tools): the document lives in
// view.state; DOM edits it does not recognise are reverted on its next render.
import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { schema } from "prosemirror-schema-basic";
import { keymap } from "prosemirror-keymap";
import { baseKeymap } from "prosemirror-commands";
import { history, undo, redo } from "prosemirror-history";
import "prosemirror-view/style/prosemirror.css";
import { harness } from "./harness.js";

const view = new EditorView(document.getElementById("editor"), {
  state: EditorState.create({
    schema,
    plugins: [history(), keymap({ "Mod-z": undo, "Mod-y": redo }), keymap(baseKeymap)],
  }),
  attributes: { "aria-label": "Reply to buyer" },
});

harness(() => {
  const { doc } = view.state;
  return doc.textBetween(0, doc.content.size, "\n", "\n");
}, { editor: view });
