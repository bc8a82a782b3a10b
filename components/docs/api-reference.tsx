"use client";
import { useEffect, useRef, useState } from "react";

// Redoc, loaded from this server once the page is up ('strict-dynamic' lets the page's own
// scripts add it), renders the OpenAPI document into the element.

type RedocGlobal = { init: (specUrl: string, options: object, element: HTMLElement | null, callback?: (err?: unknown) => void) => void };

const VIEWER = "/docs/api/redoc.standalone.js";
const DOCUMENT = "/api/v1/openapi.json";
const OPTIONS = {
  expandResponses: "200,201",
  jsonSampleExpandLevel: 3,
  theme: { colors: { primary: { main: "#4f46e5" } }, typography: { fontFamily: "system-ui, sans-serif", headings: { fontFamily: "system-ui, sans-serif" } } },
};

export function ApiReference() {
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const start = () => (window as unknown as { Redoc: RedocGlobal }).Redoc.init(DOCUMENT, OPTIONS, target.current, (err) => err && setFailed(true));
    if ((window as unknown as { Redoc?: RedocGlobal }).Redoc) return start();
    const script = document.createElement("script");
    script.src = VIEWER;
    script.onload = start;
    script.onerror = () => setFailed(true);
    document.body.appendChild(script);
  }, []);
  return (
    <div className="min-h-[80vh] bg-white">
      {failed && (
        <p role="alert" className="p-6 text-red-700">
          The API reference could not be shown. The document itself is at <a className="underline" href={DOCUMENT}>{DOCUMENT}</a>.
        </p>
      )}
      <div ref={target} />
    </div>
  );
}
