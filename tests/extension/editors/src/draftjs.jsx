// Draft.js (Facebook's older editor, still on many React sites): an immutable EditorState in
// React state; it handles paste itself and re-renders the DOM from its model.
import React, { useState } from "react";
import { createRoot } from "react-dom/client";
import { Editor, EditorState } from "draft-js";
import { harness } from "./harness.js";

let current = EditorState.createEmpty();

function ReplyBox() {
  const [editorState, setEditorState] = useState(current);
  current = editorState;
  return (
    <Editor editorState={editorState} onChange={(state) => { current = state; setEditorState(state); }}
      placeholder="Write a reply" ariaLabel="Reply to buyer" />
  );
}

createRoot(document.getElementById("editor")).render(<ReplyBox />);
harness(() => current.getCurrentContent().getPlainText("\n"), { readyWhen: ".public-DraftEditor-content" });
