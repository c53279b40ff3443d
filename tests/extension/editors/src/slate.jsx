// Slate (slate-react): the model is editor.children; Slate edits it from beforeinput events
// and re-renders, so the DOM alone never counts.
import React, { useMemo } from "react";
import { createRoot } from "react-dom/client";
import { createEditor, Node } from "slate";
import { Slate, Editable, withReact } from "slate-react";
import { withHistory } from "slate-history";
import { harness } from "./harness.js";

const initialValue = [{ type: "paragraph", children: [{ text: "" }] }];
let slateEditor = null;

function ReplyBox() {
  const editor = useMemo(() => withHistory(withReact(createEditor())), []);
  slateEditor = editor;
  return (
    <Slate editor={editor} initialValue={initialValue}>
      <Editable placeholder="Write a reply" aria-label="Reply to buyer" style={{ minHeight: "6em" }} />
    </Slate>
  );
}

createRoot(document.getElementById("editor")).render(<ReplyBox />);
harness(() => slateEditor.children.map((block) => Node.string(block)).join("\n"), { readyWhen: "[data-slate-editor]" });
