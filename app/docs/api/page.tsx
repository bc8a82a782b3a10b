import type { Metadata } from "next";
import Link from "next/link";
import { ApiReference } from "@/components/docs/api-reference";

export const metadata: Metadata = { title: "API reference" };

// The API reference: Redoc renders the OpenAPI document the API serves. Both come from this
// server (the viewer from the installed package), so the page works offline.
export default function ApiReferencePage() {
  return (
    <div className="bg-white text-slate-900">
      <header className="flex items-center justify-between border-b border-slate-200 px-6 py-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-base font-semibold">Vigil API reference</h1>
          <a className="text-indigo-700 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
        </div>
        <Link className="text-indigo-700 underline" href="/">
          Back to the console
        </Link>
      </header>
      <ApiReference />
    </div>
  );
}
