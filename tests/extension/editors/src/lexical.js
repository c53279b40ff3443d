// Lexical (Meta: WhatsApp Web, Messenger, many newer sites), set up without React:
// the editor state is the model and it reconciles the DOM from it.
import { createEditor, $getRoot } from "lexical";
import { registerRichText, HeadingNode, QuoteNode } from "@lexical/rich-text";
import { createEmptyHistoryState, registerHistory } from "@lexical/history";
import { harness } from "./harness.js";

const editor = createEditor({
  namespace: "reply",
  nodes: [HeadingNode, QuoteNode],
  onError(error) {
    throw error;
  },
});
editor.setRootElement(document.getElementById("editor"));
registerRichText(editor);
registerHistory(editor, createEmptyHistoryState(), 300);

// Lexical's own $getRoot().getTextContent() puts "\n\n" between paragraphs; one "\n" per
// block keeps every page's readEditor() in the same shape.
harness(() => editor.getEditorState().read(() =>
  $getRoot().getChildren().map((block) => block.getTextContent()).join("\n")), { editor });
