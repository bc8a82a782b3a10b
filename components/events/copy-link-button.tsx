"use client";

import { useState } from "react";
import { copyText } from "@/components/data-table/copy-button";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";

/** Copies the page's URL: the whole search state is in it, so the link reproduces the view. */
export function CopyLinkButton() {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={TOOLBAR_BUTTON}
      title="Copy a link to this view"
      onClick={async () => {
        await copyText(window.location.href);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? "Link copied" : "Copy link"}
    </button>
  );
}
