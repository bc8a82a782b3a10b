import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { HighlightStyle, StreamLanguage } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { EVENT_FIELDS, type RuleEventType } from "@/lib/rules/event-model";
import { CEL_HELPERS } from "./rule-labels";

// CEL for CodeMirror 6: a small tokenizer for highlighting, the colours (readable on the light and
// the dark theme), and completions from the evaluation model of the chosen event type.

const KEYWORDS = new Set(["true", "false", "null", "in"]);

export const celLanguage = StreamLanguage.define<{ afterDot: boolean }>({
  name: "cel",
  startState: () => ({ afterDot: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    const afterDot = state.afterDot;
    state.afterDot = false;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^[rRbB]?"(?:[^"\\]|\\.)*"?/) || stream.match(/^[rRbB]?'(?:[^'\\]|\\.)*'?/)) return "string";
    if (stream.match(/^0x[0-9a-fA-F]+u?/) || stream.match(/^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?u?/)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      if (KEYWORDS.has(word)) return "keyword";
      if (stream.peek() === "(") return "variableName.function";
      return afterDot ? "propertyName" : "variableName";
    }
    if (stream.eat(".")) {
      state.afterDot = true;
      return "punctuation";
    }
    if (stream.match(/^(?:&&|\|\||==|!=|<=|>=|[-+*/%!<>?:])/)) return "operator";
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "//" } },
});

export const celHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#9333ea" },
  { tag: tags.string, color: "#16a34a" },
  { tag: tags.number, color: "#d97706" },
  { tag: tags.comment, color: "#71717a", fontStyle: "italic" },
  { tag: tags.function(tags.variableName), color: "#2563eb" },
  { tag: tags.propertyName, color: "#0891b2" },
  { tag: tags.operator, color: "#db2777" },
]);

const STRING_METHODS = ["startsWith", "endsWith", "contains", "matches", "size"];
const LIST_MACROS = ["exists", "all", "exists_one", "map", "filter", "size"];
const PROCESS_KEYS = [
  { label: "exec_path", detail: "string" },
  { label: "argv", detail: "list<string>" },
  { label: "ancestors", detail: "list<Ancestor>, newest first" },
];
const ANCESTOR_KEYS = [...PROCESS_KEYS.slice(0, 2), { label: "descendants", detail: "list, from the ancestor toward the process" }];

/** Completions for a condition of `eventType`: its fields and process at the top, members after a dot. */
export function celCompletions(eventType: RuleEventType) {
  return (context: CompletionContext): CompletionResult | null => {
    const member = context.matchBefore(/([A-Za-z_][\w]*)\.\w*$/);
    if (member) {
      const owner = /^(\w+)\./.exec(member.text)![1];
      const from = member.from + owner.length + 1;
      if (owner === "process") return { from, options: PROCESS_KEYS.map((k) => ({ ...k, type: "property" })) };
      // Anything else may be an ancestor or descendant (a macro's variable), a string or a list.
      const keys = ANCESTOR_KEYS.map((k) => ({ ...k, type: "property" }));
      const methods = [...new Set([...STRING_METHODS, ...LIST_MACROS])].map((m) => ({ label: m, type: "method", apply: `${m}(` }));
      return { from, options: [...keys, ...methods] };
    }
    const word = context.matchBefore(/\w+$/);
    if (!word && !context.explicit) return null;
    const fields = EVENT_FIELDS[eventType].map((f) => ({ label: f.name, type: "variable", detail: f.type, info: f.meaning }));
    return {
      from: word ? word.from : context.pos,
      options: [
        { label: "process", type: "variable", detail: "Process", info: "exec_path, argv and ancestors" },
        ...fields,
        ...CEL_HELPERS.filter((h) => h.name === "inIpRange").map((h) => ({ label: h.name, type: "function", apply: `${h.name}(`, info: h.meaning })),
        ...["true", "false", "in"].map((k) => ({ label: k, type: "keyword" })),
      ],
    };
  };
}
