import { saveBlob } from "@/components/events/export-download";

/** Saves `text` as a CSV file: the dashboard's exports. Browser only. */
export function downloadText(text: string, filename: string) {
  saveBlob(new Blob([text], { type: "text/csv;charset=utf-8" }), filename);
}
