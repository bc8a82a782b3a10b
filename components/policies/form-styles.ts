// The policy forms' controls, as the admin panel draws them.
export const INPUT =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-emerald-500 aria-[invalid=true]:border-red-400 dark:border-zinc-700 dark:bg-zinc-950 dark:aria-[invalid=true]:border-red-700";
export const BUTTON = "rounded-md bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-700 disabled:opacity-60";
export const BUTTON_SECONDARY =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const BUTTON_DANGER = "rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60";
export const LABEL = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-300";
