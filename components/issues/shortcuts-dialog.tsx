"use client";

import { Dialog } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";

const GROUPS: { title: string; keys: [string[], string][]; write?: boolean }[] = [
  {
    title: "Move",
    keys: [
      [["j"], "Next issue"],
      [["k"], "Previous issue"],
      [["Enter"], "Open the issue"],
      [["/"], "Search"],
    ],
  },
  {
    title: "Triage (the selection, else the current issue)",
    write: true,
    keys: [
      [["x"], "Select or unselect"],
      [["a"], "Acknowledge (again: remove)"],
      [["f"], "Mark false positive (again: clear)"],
      [["e"], "Assign to me (again: unassign)"],
      [["r"], "Resolve or close with a reason (1–4, Enter)"],
      [["b"], "Block the issue's network destination (one issue)"],
      [["Esc"], "Clear the selection"],
    ],
  },
  { title: "Help", keys: [[["?"], "These shortcuts"]] },
];

export function ShortcutsDialog({ canWrite, onClose }: { canWrite: boolean; onClose: () => void }) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      testId="shortcuts-dialog"
      footer={
        <button type="button" className={TOOLBAR_BUTTON} onClick={onClose}>
          Close
        </button>
      }
    >
      <div className="space-y-3">
        {GROUPS.filter((g) => canWrite || !g.write).map((g) => (
          <section key={g.title}>
            <h3 className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">{g.title}</h3>
            <dl className="grid grid-cols-[4rem_1fr] gap-y-1">
              {g.keys.map(([keys, what]) => (
                <div key={what} className="contents">
                  <dt>
                    {keys.map((k) => (
                      <Kbd key={k} className="h-5 px-1.5 text-[11px]">
                        {k}
                      </Kbd>
                    ))}
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
