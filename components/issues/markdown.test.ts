import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const render = (md: string) => renderToStaticMarkup(createElement(Markdown, null, md));

describe("Markdown in comments", () => {
  it("renders Markdown", () => {
    const html = render("**bold** and `code`\n\n- one\n- two");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toMatch(/<code[^>]*>code<\/code>/);
    expect(html).toMatch(/<li[^>]*>one<\/li>/);
  });

  it("shows raw HTML as text, never as markup", () => {
    const html = render('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b onclick="x()">hi</b>');
    expect(html).not.toMatch(/<(script|img|b)[\s>]/i);
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops javascript: and data: URLs and opens links without handing them the page", () => {
    const html = render("[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.com/a)");
    expect(html).not.toMatch(/javascript:|data:text/i);
    expect(html).toMatch(/<a href="https:\/\/example.com\/a" target="_blank" rel="noopener noreferrer"/);
  });

  it("does not load images: they become links", () => {
    const html = render("![tracker](https://evil.example/pixel.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain('href="https://evil.example/pixel.png"');
  });
});
